using System.Collections.Concurrent;
using System.Globalization;
using CheckIns.Incidents.Dapr;

namespace CheckIns.Incidents.Tests.Fakes;

/// <summary>A state store with the ETag rules of Dapr's first-write concurrency, for tests without a sidecar.</summary>
public sealed class InMemoryStateStore : IIncidentsStateStore
{
    private readonly ConcurrentDictionary<string, (byte[] Value, string ETag)> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>Runs before each save, e.g. to let a "concurrent writer" change the key first.</summary>
    public Func<string, Task>? BeforeSave { get; set; }

    public int Conflicts { get; private set; }

    public IReadOnlyCollection<string> Keys => [.. _items.Keys];

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(key, out var item) ? new StateEntry(item.Value.ToArray(), item.ETag) : null);

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> found = keys
            .Where(_items.ContainsKey)
            .ToDictionary(k => k, k => (ReadOnlyMemory<byte>)_items[k].Value.ToArray(), StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string? etag, CancellationToken cancellationToken)
    {
        if (BeforeSave is { } hook)
        {
            await hook(key);
        }

        lock (_gate)
        {
            var exists = _items.TryGetValue(key, out var current);
            if ((etag is null && exists) || (etag is not null && (!exists || current.ETag != etag)))
            {
                Conflicts++;
                return false;
            }

            _items[key] = (value.ToArray(), NextETag());
            return true;
        }
    }

    /// <summary>Writes without a concurrency check, as another writer would.</summary>
    public void Put(string key, ReadOnlyMemory<byte> value)
    {
        lock (_gate)
        {
            _items[key] = (value.ToArray(), NextETag());
        }
    }

    private string NextETag() => (++_version).ToString(CultureInfo.InvariantCulture);
}
