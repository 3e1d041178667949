using DaprEmulator.Core;
using DaprEmulator.Resources;

namespace DaprEmulator.Secrets;

/// <summary>
/// The secret stores of one sidecar, read when the sidecar starts, as daprd initialises its components: a change
/// of a secrets file is seen after <see cref="Reload"/>, which does what a restart of daprd would.
/// </summary>
public sealed class SecretStoreSet
{
    private readonly ResourceSet _resources;
    private volatile IReadOnlyDictionary<string, LocalFileSecretStore> _stores;

    internal SecretStoreSet(ResourceSet resources)
    {
        _resources = resources;
        _stores = Load(resources);
    }

    /// <summary>Reads every store's file again; when one cannot be read, the stores read before stay in force.</summary>
    public void Reload() => _stores = Load(_resources);

    public IReadOnlyDictionary<string, string> GetSecret(string storeName, string key)
    {
        var store = Require(storeName);
        return store.Secrets.TryGetValue(key, out var secret)
            ? secret
            : throw new DaprApiException(DaprErrorCodes.SecretGet, $"failed getting secret with key {key} from secret store {storeName}: secret {key} not found");
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> GetBulkSecret(string storeName) => Require(storeName).Secrets;

    private LocalFileSecretStore Require(string storeName)
    {
        var stores = _stores;
        if (stores.Count == 0)
        {
            throw new DaprApiException(DaprErrorCodes.SecretStoreNotConfigured, "secret store is not configured");
        }

        return stores.TryGetValue(storeName, out var store)
            ? store
            : throw new DaprApiException(DaprErrorCodes.SecretStoreNotFound, $"failed finding secret store with key {storeName}");
    }

    private static Dictionary<string, LocalFileSecretStore> Load(ResourceSet resources)
    {
        var stores = new Dictionary<string, LocalFileSecretStore>(StringComparer.Ordinal);
        foreach (var component in resources.Components.Where(c => c.IsSecretStore))
        {
            if (component.Type != LocalFileSecretStore.ComponentType)
            {
                throw new DaprResourceException(
                    $"component {component.Name}: secret store type {component.Type} is not emulated (only {LocalFileSecretStore.ComponentType})");
            }

            stores[component.Name] = LocalFileSecretStore.Load(component);
        }

        return stores;
    }
}
