using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprEmulator.Core;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Actors;

/// <summary>
/// Actors the way daprd runs them: placement by actor type, one turn at a time per actor id (different
/// ids in parallel), activation on first use, deactivation after the idle timeout, timers that live only
/// while the actor is active.
/// </summary>
public sealed class ActorRuntime
{
    private readonly ConcurrentDictionary<ActorKey, ActorSlot> _slots = new();
    private readonly ActorPlacement _placement = new();
    private readonly TimeProvider _time;
    private readonly WorkTracker _work;
    private readonly AppChannel _channel;
    private readonly ILogger _logger;
    private long _methodCalls;

    internal ActorRuntime(TimeProvider time, WorkTracker work, AppChannel channel, ILogger logger, DurableStore? disk = null)
    {
        _time = time;
        _work = work;
        _channel = channel;
        _logger = logger;
        Reminders = new ReminderService(this, time, work, logger, disk);
    }

    public ReminderService Reminders { get; }

    /// <summary>Actor method calls made so far (reminders and timers not included).</summary>
    public long MethodCalls => Interlocked.Read(ref _methodCalls);

    /// <summary>Actor ids currently active, per type.</summary>
    public IReadOnlyList<ActorKey> ActiveActors => _slots.Values.Where(s => s.Host is not null).Select(s => s.Key).ToList();

    public bool IsHosted(string actorType) => _placement.IsHosted(actorType);

    internal void Attach(AppInstance instance)
    {
        _placement.Add(instance);
        foreach (var type in instance.ActorTypes)
        {
            Reminders.OnTypeHosted(type);
        }
    }

    /// <summary>The instance is gone: its actors are no longer active anywhere and their timers are dropped.</summary>
    internal void Detach(AppInstance instance)
    {
        _placement.Remove(instance);
        foreach (var slot in _slots.Values)
        {
            lock (slot)
            {
                if (slot.Host == instance)
                {
                    DropActivation(slot);
                }
            }
        }
    }

    /// <summary>Invokes an actor method on the instance hosting the actor, inside a turn.</summary>
    public async Task<AppResponse> InvokeMethodAsync(ActorKey key, string method, byte[] body, string? contentType, IEnumerable<KeyValuePair<string, string[]>> headers, CancellationToken ct)
    {
        Interlocked.Increment(ref _methodCalls);
        try
        {
            return await RunTurnAsync(
                key,
                null,
                host => _channel.SendAsync(host.Address, HttpMethod.Put, $"/actors/{Uri.EscapeDataString(key.Type)}/{Uri.EscapeDataString(key.Id)}/method/{method}", body, contentType ?? "application/json", headers, ct),
                ct);
        }
        catch (HttpRequestException ex)
        {
            throw new DaprApiException(DaprErrorCodes.ActorInvoke, $"error invoke actor method {method} on {key}: {ex.Message}");
        }
    }

    /// <summary>
    /// Runs one turn: waits for the actor's turn lock, activates it on its host if need be, runs
    /// <paramref name="turn"/>, and restarts the idle clock. <paramref name="stillWanted"/> is checked once
    /// the lock is held (a timer that was unregistered meanwhile must not fire).
    /// </summary>
    internal async Task<AppResponse> RunTurnAsync(ActorKey key, Func<ActorSlot, bool>? stillWanted, Func<AppInstance, Task<AppResponse>> turn, CancellationToken ct)
    {
        using var work = _work.Begin();
        var slot = _slots.GetOrAdd(key, k => new ActorSlot(k));
        await slot.TurnLock.WaitAsync(ct);
        try
        {
            if (stillWanted is not null && !stillWanted(slot))
            {
                return new AppResponse(200, [], null, []);
            }

            AppInstance host;
            lock (slot)
            {
                var resolved = slot.Host is { } active && _placement.Hosts(active) ? active : _placement.Resolve(key);
                host = resolved ?? throw new DaprApiException(DaprErrorCodes.ActorInvoke, $"error invoke actor method: did not find address for actor {key.Type}/{key.Id}: no running app hosts actor type {key.Type}");
                if (slot.Host != host)
                {
                    DropActivation(slot);
                    slot.Host = host;
                }
            }

            var response = await turn(host);
            lock (slot)
            {
                slot.LastUsed = _time.GetUtcNow();
                if (slot.Host == host)
                {
                    slot.IdleTimer ??= _time.CreateTimer(_ => OnIdle(key), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    slot.IdleTimer.Change(host.ActorIdleTimeout, Timeout.InfiniteTimeSpan);
                }
            }

            return response;
        }
        finally
        {
            slot.TurnLock.Release();
        }
    }

    private void OnIdle(ActorKey key) => _work.Run($"deactivate {key}", async () =>
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            return;
        }

        await slot.TurnLock.WaitAsync();
        try
        {
            AppInstance? host;
            lock (slot)
            {
                host = slot.Host;
                if (host is null || _time.GetUtcNow() - slot.LastUsed < host.ActorIdleTimeout)
                {
                    return;
                }

                DropActivation(slot);
            }

            _logger.LogDebug("Deactivating idle actor {Actor} on {Host}", key, host);
            try
            {
                await _channel.SendAsync(host.Address, HttpMethod.Delete, $"/actors/{Uri.EscapeDataString(key.Type)}/{Uri.EscapeDataString(key.Id)}", null, null, null, CancellationToken.None);
            }
            catch (HttpRequestException ex)
            {
                _logger.LogWarning("Deactivating {Actor} on {Host} failed: {Error}", key, host, ex.Message);
            }
        }
        finally
        {
            slot.TurnLock.Release();
        }
    });

    private static void DropActivation(ActorSlot slot)
    {
        foreach (var timer in slot.Timers.Values)
        {
            timer.Timer?.Dispose();
        }

        slot.Timers.Clear();
        slot.IdleTimer?.Dispose();
        slot.IdleTimer = null;
        slot.Host = null;
    }

    /// <summary>PUT …/timers/{name}: the body is <c>{"callback","data","dueTime","period","ttl"}</c>.</summary>
    public void RegisterTimer(ActorKey key, string name, JsonElement body)
    {
        var now = _time.GetUtcNow();
        var dueTime = Str(body, "dueTime") ?? string.Empty;
        var period = Str(body, "period") ?? string.Empty;
        var due = DaprDuration.ParseDueTime(dueTime, now);
        var (periodSpan, repetitions) = DaprDuration.ParsePeriod(period);
        var ttl = Str(body, "ttl");
        var entry = new ActorTimerEntry
        {
            Name = name,
            Callback = Str(body, "callback") ?? string.Empty,
            DataJson = body.TryGetProperty("data", out var data) ? data.GetRawText() : null,
            DueTime = dueTime,
            Period = period,
            PeriodSpan = periodSpan,
            RemainingRepetitions = repetitions,
            ExpiresAt = string.IsNullOrEmpty(ttl) ? null : DaprDuration.ParseDueTime(ttl, now),
        };

        var slot = _slots.GetOrAdd(key, k => new ActorSlot(k));
        lock (slot)
        {
            if (slot.Host is null)
            {
                throw new DaprApiException(DaprErrorCodes.ActorTimer, $"error creating actor timer {name} for actor {key}: the actor is not active");
            }

            if (slot.Timers.Remove(name, out var old))
            {
                old.Timer?.Dispose();
            }

            slot.Timers[name] = entry;
            entry.Timer = _time.CreateTimer(_ => FireTimer(key, entry), null, Max0(due - now), Timeout.InfiniteTimeSpan);
        }
    }

    public void UnregisterTimer(ActorKey key, string name)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            lock (slot)
            {
                if (slot.Timers.Remove(name, out var old))
                {
                    old.Timer?.Dispose();
                }
            }
        }
    }

    private void FireTimer(ActorKey key, ActorTimerEntry entry) => _work.Run($"timer {entry.Name} of {key}", async () =>
    {
        var body = new JsonObject
        {
            ["callback"] = entry.Callback,
            ["data"] = entry.DataJson is null ? null : JsonNode.Parse(entry.DataJson),
            ["dueTime"] = entry.DueTime,
            ["period"] = entry.Period,
        };
        bool Current(ActorSlot s)
        {
            lock (s)
            {
                return s.Timers.TryGetValue(entry.Name, out var e) && ReferenceEquals(e, entry);
            }
        }

        try
        {
            var response = await RunTurnAsync(
                key,
                Current,
                host => _channel.SendAsync(host.Address, HttpMethod.Put, $"/actors/{Uri.EscapeDataString(key.Type)}/{Uri.EscapeDataString(key.Id)}/method/timer/{Uri.EscapeDataString(entry.Name)}", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", null, CancellationToken.None),
                CancellationToken.None);
            if (!response.IsSuccess)
            {
                _logger.LogWarning("Timer {Timer} of {Actor} failed with {Status}", entry.Name, key, response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or DaprApiException)
        {
            _logger.LogWarning("Timer {Timer} of {Actor} failed: {Error}", entry.Name, key, ex.Message);
        }

        if (!_slots.TryGetValue(key, out var slot))
        {
            return;
        }

        lock (slot)
        {
            if (!slot.Timers.TryGetValue(entry.Name, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            if (entry.RemainingRepetitions is not null)
            {
                entry.RemainingRepetitions--;
            }

            var now = _time.GetUtcNow();
            if (entry.PeriodSpan is not { } period || entry.RemainingRepetitions <= 0 || (entry.ExpiresAt is { } exp && now + period > exp))
            {
                slot.Timers.Remove(entry.Name);
                entry.Timer?.Dispose();
                return;
            }

            entry.Timer?.Change(period, Timeout.InfiniteTimeSpan);
        }
    });

    internal static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
