using System.Globalization;
using DaprEmulator.Core;

namespace DaprEmulator.State;

/// <summary>
/// A state store with the two features daprd requires of an actor state store: ETags and
/// all-or-nothing transactions. Keys arrive already prefixed the way daprd prefixes them.
/// </summary>
public sealed class InMemoryStateStore(string name, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StateEntry> _items = new(StringComparer.Ordinal);
    private long _version;
    private long _transactions;
    private long _keysWritten;
    private long _keysDeleted;
    private long _bytesWritten;

    public string Name { get; } = name;

    /// <summary>What the store has written so far (for benchmarks: writes per unit of work).</summary>
    public StateStoreStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new StateStoreStats(_transactions, _keysWritten, _keysDeleted, _bytesWritten);
            }
        }
    }

    public StateEntry? Get(string key)
    {
        lock (_lock)
        {
            return Live(key);
        }
    }

    public IReadOnlyDictionary<string, StateEntry> Snapshot()
    {
        lock (_lock)
        {
            return _items.Where(kv => Live(kv.Key) is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        }
    }

    /// <summary>The live keys that start with <paramref name="keyPrefix"/>, with the size of each value in bytes.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> ValueSizes(string keyPrefix)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            return [.. _items
                .Where(kv => kv.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && !(kv.Value.ExpiresAt is { } at && at <= now))
                .Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Value.Length))];
        }
    }

    /// <summary>Applies every operation or none: all ETags are checked before anything is written.</summary>
    public void Apply(IReadOnlyList<StateOperation> operations)
    {
        lock (_lock)
        {
            foreach (var op in operations)
            {
                Check(op);
            }

            var now = time.GetUtcNow();
            _transactions++;
            foreach (var op in operations)
            {
                if (op.IsDelete)
                {
                    _items.Remove(op.Key);
                    _keysDeleted++;
                }
                else
                {
                    var etag = (++_version).ToString(CultureInfo.InvariantCulture);
                    var value = op.Value ?? [];
                    _items[op.Key] = new StateEntry(value, etag, op.Ttl is { } ttl ? now + ttl : null);
                    _keysWritten++;
                    _bytesWritten += value.Length;
                }
            }
        }
    }

    private void Check(StateOperation op)
    {
        var current = Live(op.Key);
        if (!string.IsNullOrEmpty(op.ETag))
        {
            if (!long.TryParse(op.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new DaprApiException(DaprErrorCodes.StateETagInvalid, $"failed saving state in state store {Name}: invalid etag value: {op.ETag}");
            }

            if (current is null || current.ETag != op.ETag)
            {
                throw new DaprApiException(DaprErrorCodes.StateETagMismatch, $"failed saving state in state store {Name}: possible etag mismatch. error from state store: ETag mismatch for key {op.Key}");
            }
        }
        else if (op.FirstWrite && current is not null && !op.IsDelete)
        {
            throw new DaprApiException(DaprErrorCodes.StateETagMismatch, $"failed saving state in state store {Name}: possible etag mismatch. error from state store: first-write on existing key {op.Key}");
        }
    }

    private StateEntry? Live(string key)
    {
        if (!_items.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } at && at <= time.GetUtcNow())
        {
            _items.Remove(key);
            return null;
        }

        return entry;
    }
}
