namespace DaprEmulator.State;

public sealed record StateEntry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt);

/// <summary>One write or delete of a transaction; <see cref="ETag"/> null means "no concurrency check".</summary>
public sealed record StateOperation(string Key, bool IsDelete, byte[]? Value, string? ETag, bool FirstWrite, TimeSpan? Ttl);
