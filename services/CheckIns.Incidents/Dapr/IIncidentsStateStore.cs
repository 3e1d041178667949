namespace CheckIns.Incidents.Dapr;

/// <summary>A value read from the state store with the ETag it had, for optimistic concurrency.</summary>
public sealed record StateEntry(ReadOnlyMemory<byte> Value, string ETag);

/// <summary>
/// The part of the Dapr state API the incidents app uses, on the <c>incidents-state</c> component.
/// Small on purpose, so that a test can stand in for the sidecar.
/// </summary>
public interface IIncidentsStateStore
{
    /// <summary>The value and its ETag, or null when the key holds nothing.</summary>
    Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Values of the keys that hold one, in no particular order.</summary>
    Task<IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="value"/> if the key still has <paramref name="etag"/> (first write wins), or, with a
    /// null ETag, if the key is new. False when someone else wrote first: the caller reloads and retries.
    /// </summary>
    Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string? etag, CancellationToken cancellationToken);
}
