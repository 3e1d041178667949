using CheckIns.Incidents.Dapr;

namespace CheckIns.Incidents.Tests.Fakes;

/// <summary>
/// The app's own Dapr state store with a hook before each save, so that a test can let another writer change the
/// key in the emulated sidecar between the app's read and its write; counts the saves the store refused.
/// </summary>
public sealed class InterleavingStateStore(IIncidentsStateStore inner) : IIncidentsStateStore
{
    private int _conflicts;

    /// <summary>Runs before each save, e.g. to let a "concurrent writer" change the key first.</summary>
    public Func<string, Task>? BeforeSave { get; set; }

    public int Conflicts => Volatile.Read(ref _conflicts);

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        inner.GetManyAsync(keys, cancellationToken);

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string? etag, CancellationToken cancellationToken)
    {
        if (BeforeSave is { } hook)
        {
            await hook(key);
        }

        var saved = await inner.TrySaveAsync(key, value, etag, cancellationToken);
        if (!saved)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return saved;
    }
}
