namespace DaprEmulator.State;

public sealed record StateEntry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt);

/// <summary>One write or delete of a transaction; <see cref="ETag"/> null means "no concurrency check".</summary>
public sealed record StateOperation(string Key, bool IsDelete, byte[]? Value, string? ETag, bool FirstWrite, TimeSpan? Ttl);

/// <summary>
/// Counters of a state store since it was created: <see cref="Transactions"/> counts every apply (a single save is a
/// transaction of one), <see cref="KeysWritten"/> and <see cref="KeysDeleted"/> the operations in them.
/// </summary>
public sealed record StateStoreStats(long Transactions, long KeysWritten, long KeysDeleted, long BytesWritten);
