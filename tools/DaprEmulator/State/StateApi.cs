using System.Globalization;
using DaprEmulator.Core;
using DaprEmulator.Storage;

namespace DaprEmulator.State;

/// <summary>The state API of one sidecar: names resolved through its resources, keys prefixed by its app id.</summary>
internal static class StateApi
{
    public static StateEntry? Get(DaprSidecar sidecar, string storeName, string key)
    {
        var component = sidecar.Resources.RequireStateStore(storeName);
        return sidecar.Cluster.StateStores.Get(component.Name).Get(StateStoreRegistry.StoreKey(component, sidecar.AppId, key));
    }

    /// <summary>Completes once the transaction is stored (on disk in the local run); a store that cannot write fails it like a state store error of daprd.</summary>
    public static async Task ApplyAsync(DaprSidecar sidecar, string storeName, IEnumerable<StateOperation> operations)
    {
        var component = sidecar.Resources.RequireStateStore(storeName);
        var prefixed = operations.Select(op => op with { Key = StateStoreRegistry.StoreKey(component, sidecar.AppId, op.Key) }).ToList();
        await ApplyAsync(sidecar.Cluster.StateStores.Get(component.Name), prefixed);
    }

    public static async Task ApplyAsync(InMemoryStateStore store, IReadOnlyList<StateOperation> operations)
    {
        try
        {
            await store.ApplyAsync(operations);
        }
        catch (DurableStoreException ex)
        {
            throw new DaprApiException(DaprErrorCodes.StateSaveFailed, $"failed saving state in state store {store.Name}: {ex.Message}");
        }
    }

    public static TimeSpan? Ttl(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("ttlInSeconds", out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
