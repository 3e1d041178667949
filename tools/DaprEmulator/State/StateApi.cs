using System.Globalization;
using DaprEmulator.Core;

namespace DaprEmulator.State;

/// <summary>The state API of one sidecar: names resolved through its resources, keys prefixed by its app id.</summary>
internal static class StateApi
{
    public static StateEntry? Get(DaprSidecar sidecar, string storeName, string key)
    {
        var component = sidecar.Resources.RequireStateStore(storeName);
        return sidecar.Cluster.StateStores.Get(component.Name).Get(StateStoreRegistry.StoreKey(component, sidecar.AppId, key));
    }

    public static void Apply(DaprSidecar sidecar, string storeName, IEnumerable<StateOperation> operations)
    {
        var component = sidecar.Resources.RequireStateStore(storeName);
        var prefixed = operations.Select(op => op with { Key = StateStoreRegistry.StoreKey(component, sidecar.AppId, op.Key) }).ToList();
        sidecar.Cluster.StateStores.Get(component.Name).Apply(prefixed);
    }

    public static TimeSpan? Ttl(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("ttlInSeconds", out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
