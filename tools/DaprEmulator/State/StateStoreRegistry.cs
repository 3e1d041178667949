using System.Collections.Concurrent;
using DaprEmulator.Resources;
using DaprEmulator.Storage;

namespace DaprEmulator.State;

/// <summary>The data of every state store component, by component name, shared by the sidecars that declare it.</summary>
public sealed class StateStoreRegistry(TimeProvider time, DurableStore? disk = null)
{
    private readonly ConcurrentDictionary<string, InMemoryStateStore> _stores = new(StringComparer.Ordinal);

    public InMemoryStateStore Get(string componentName) =>
        _stores.GetOrAdd(componentName, name => new InMemoryStateStore(name, time, disk));

    /// <summary>The key daprd stores for an app's state key: "{appId}||{key}" unless the component's keyPrefix says otherwise.</summary>
    public static string StoreKey(ComponentResource component, string appId, string key) => component.Meta("keyPrefix") switch
    {
        null or "" or "appid" => $"{appId}||{key}",
        "none" => key,
        "name" => $"{component.Name}||{key}",
        var prefix => $"{prefix}||{key}",
    };

    /// <summary>The key daprd stores an actor's state key under.</summary>
    public static string ActorKey(string appId, string actorType, string actorId, string key) => $"{appId}||{actorType}||{actorId}||{key}";
}
