using System.Text;
using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Incidents.Dapr;

/// <summary><see cref="IIncidentsStateStore"/> on the Dapr state API (component <see cref="DaprNames.IncidentsStateStore"/>).</summary>
public sealed class DaprIncidentsStateStore(DaprClient dapr) : IIncidentsStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var (value, etag) = await dapr.GetByteStateAndETagAsync(
            DaprNames.IncidentsStateStore, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
        return value.IsEmpty ? null : new StateEntry(value, etag ?? "");
    }

    public async Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, ReadOnlyMemory<byte>>();
        }

        var items = await dapr.GetBulkStateAsync(DaprNames.IncidentsStateStore, keys, parallelism: null, cancellationToken: cancellationToken);
        return items
            .Where(item => !string.IsNullOrEmpty(item.Value))
            .ToDictionary(item => item.Key, item => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(item.Value), StringComparer.Ordinal);
    }

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string? etag, CancellationToken cancellationToken) =>
        // An empty ETag with first-write concurrency asks the store to create the key.
        dapr.TrySaveByteStateAsync(DaprNames.IncidentsStateStore, key, value, etag ?? "", FirstWrite, cancellationToken: cancellationToken);
}
