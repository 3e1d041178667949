using System.Text.Json;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Tests.Support;

/// <summary>
/// Actor state the way the sidecar keeps it: changes are tracked until <see cref="SaveStateAsync"/> writes them
/// in one transaction (as JSON, like the real store), and <see cref="ClearCacheAsync"/> discards them.
/// <see cref="FailNextSaves"/> makes the store refuse transactions.
/// </summary>
public sealed class InMemoryActorStateManager : IActorStateManager
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, string> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (object? Value, bool Removed)> _pending = new(StringComparer.Ordinal);

    public int FailNextSaves { get; set; }

    public int Transactions { get; private set; }

    /// <summary>Reads that reached the store (not answered from the turn's own changes), by key: each is a sidecar call.</summary>
    public Dictionary<string, int> StoreReads { get; } = new(StringComparer.Ordinal);

    public bool HasCommitted(string key) => _committed.ContainsKey(key);

    public T ReadCommitted<T>(string key) => JsonSerializer.Deserialize<T>(_committed[key], Json)!;

    public Task SaveStateAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (FailNextSaves > 0)
        {
            FailNextSaves--;
            throw new InvalidOperationException("state store refused the transaction");
        }

        foreach (var (key, change) in _pending)
        {
            if (change.Removed)
            {
                _committed.Remove(key);
            }
            else
            {
                _committed[key] = JsonSerializer.Serialize(change.Value, change.Value?.GetType() ?? typeof(object), Json);
            }
        }

        _pending.Clear();
        Transactions++;
        return Task.CompletedTask;
    }

    public Task ClearCacheAsync(CancellationToken cancellationToken = default)
    {
        _pending.Clear();
        return Task.CompletedTask;
    }

    public Task<ConditionalValue<T>> TryGetStateAsync<T>(string stateName, CancellationToken cancellationToken = default)
    {
        if (_pending.TryGetValue(stateName, out var change))
        {
            return Task.FromResult(change.Removed ? new ConditionalValue<T>(false, default!) : new ConditionalValue<T>(true, (T)change.Value!));
        }

        StoreReads[stateName] = StoreReads.GetValueOrDefault(stateName) + 1;
        return Task.FromResult(_committed.TryGetValue(stateName, out var json)
            ? new ConditionalValue<T>(true, JsonSerializer.Deserialize<T>(json, Json)!)
            : new ConditionalValue<T>(false, default!));
    }

    public async Task<T> GetStateAsync<T>(string stateName, CancellationToken cancellationToken = default)
    {
        var value = await TryGetStateAsync<T>(stateName, cancellationToken);
        return value.HasValue ? value.Value : throw new KeyNotFoundException(stateName);
    }

    public Task SetStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default)
    {
        _pending[stateName] = (value, false);
        return Task.CompletedTask;
    }

    public Task SetStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        SetStateAsync(stateName, value, cancellationToken);

    public async Task<bool> TryRemoveStateAsync(string stateName, CancellationToken cancellationToken = default)
    {
        var exists = await ContainsStateAsync(stateName, cancellationToken);
        _pending[stateName] = (null, true);
        return exists;
    }

    public async Task RemoveStateAsync(string stateName, CancellationToken cancellationToken = default)
    {
        if (!await TryRemoveStateAsync(stateName, cancellationToken))
        {
            throw new KeyNotFoundException(stateName);
        }
    }

    public async Task<bool> ContainsStateAsync(string stateName, CancellationToken cancellationToken = default) =>
        (await TryGetStateAsync<JsonElement>(stateName, cancellationToken)).HasValue || (_pending.TryGetValue(stateName, out var c) && !c.Removed);

    public async Task<bool> TryAddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default)
    {
        if (await ContainsStateAsync(stateName, cancellationToken))
        {
            return false;
        }

        await SetStateAsync(stateName, value, cancellationToken);
        return true;
    }

    public Task<bool> TryAddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        TryAddStateAsync(stateName, value, cancellationToken);

    public async Task AddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default)
    {
        if (!await TryAddStateAsync(stateName, value, cancellationToken))
        {
            throw new InvalidOperationException($"{stateName} exists");
        }
    }

    public Task AddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        AddStateAsync(stateName, value, cancellationToken);

    public async Task<T> GetOrAddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default)
    {
        var existing = await TryGetStateAsync<T>(stateName, cancellationToken);
        if (existing.HasValue)
        {
            return existing.Value;
        }

        await SetStateAsync(stateName, value, cancellationToken);
        return value;
    }

    public Task<T> GetOrAddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        GetOrAddStateAsync(stateName, value, cancellationToken);

    public async Task<T> AddOrUpdateStateAsync<T>(string stateName, T addValue, Func<string, T, T> updateValueFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updateValueFactory);
        var existing = await TryGetStateAsync<T>(stateName, cancellationToken);
        var value = existing.HasValue ? updateValueFactory(stateName, existing.Value) : addValue;
        await SetStateAsync(stateName, value, cancellationToken);
        return value;
    }

    public Task<T> AddOrUpdateStateAsync<T>(string stateName, T addValue, Func<string, T, T> updateValueFactory, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        AddOrUpdateStateAsync(stateName, addValue, updateValueFactory, cancellationToken);

    public Task UnloadStateAsync(string stateName, UnloadStateOptions? options = null, CancellationToken cancellationToken = default)
    {
        _pending.Remove(stateName);
        return Task.CompletedTask;
    }
}
