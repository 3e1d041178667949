using System.Globalization;
using DaprEmulator.Core;
using DaprEmulator.Storage;

namespace DaprEmulator.State;

/// <summary>
/// A state store with the two features daprd requires of an actor state store: ETags and
/// all-or-nothing transactions. Keys arrive already prefixed the way daprd prefixes them.
/// Reads are served from memory; with a <see cref="DurableStore"/> (the local run) the store is loaded from
/// disk when created and every transaction is committed to disk before <see cref="ApplyAsync"/> completes.
/// </summary>
public sealed class InMemoryStateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StateEntry> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DurableStore? _disk;
    private readonly string _ns;
    private long _version;
    private long _transactions;
    private long _keysWritten;
    private long _keysDeleted;
    private long _bytesWritten;

    public InMemoryStateStore(string name, TimeProvider time, DurableStore? disk = null)
    {
        Name = name;
        _time = time;
        _disk = disk;
        _ns = "state/" + name;
        if (disk is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (key, bytes) in disk.ReadAll(_ns))
        {
            var entry = StateEntryCodec.Decode(bytes);
            if (entry.ExpiresAt is { } at && at <= now)
            {
                continue;
            }

            _items[key] = entry;
            if (long.TryParse(entry.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > _version)
            {
                _version = version; // New ETags continue above every stored one, so a stale ETag never matches again.
            }
        }
    }

    public string Name { get; }

    /// <summary>Transactions this store refuses (tests).</summary>
    public StateFaults Faults { get; } = new();

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
            var now = _time.GetUtcNow();
            return [.. _items
                .Where(kv => kv.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && !(kv.Value.ExpiresAt is { } at && at <= now))
                .Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Value.Length))];
        }
    }

    /// <summary>
    /// Applies every operation or none: all ETags are checked before anything is written. The task completes
    /// once the transaction is on disk (at once without a durable store).
    /// </summary>
    public Task ApplyAsync(IReadOnlyList<StateOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (Faults.ConsumeTransactionFailure(operations))
        {
            throw new DaprApiException(DaprErrorCodes.StateSaveFailed, $"failed saving state in state store {Name}: the store refused the transaction (injected fault)");
        }

        lock (_lock)
        {
            foreach (var op in operations)
            {
                Check(op);
            }

            var now = _time.GetUtcNow();
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

            // Queued under the lock, so the disk sees the transactions of a key in the order memory applied them.
            return _disk is null ? Task.CompletedTask : Persist(operations);
        }
    }

    private Task Persist(IReadOnlyList<StateOperation> operations)
    {
        // The key's value after the whole transaction (a key may be written, then deleted, in one).
        var writes = operations.Select(op => op.Key).Distinct(StringComparer.Ordinal)
            .Select(key => (Key: key, Bytes: _items.TryGetValue(key, out var entry) ? StateEntryCodec.Encode(entry) : null))
            .ToList();
        return _disk!.WriteAsync(w =>
        {
            foreach (var (key, bytes) in writes)
            {
                if (bytes is null)
                {
                    w.Delete(_ns, key);
                }
                else
                {
                    w.Put(_ns, key, bytes);
                }
            }
        });
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

        if (entry.ExpiresAt is { } at && at <= _time.GetUtcNow())
        {
            _items.Remove(key);
            return null;
        }

        return entry;
    }
}
