using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DaprEmulator.Core;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Actors;

/// <summary>
/// Actors the way daprd runs them: placement by actor type, one turn at a time per actor id (different
/// ids in parallel), activation on first use, deactivation after the idle timeout. Timers (<see cref="ActorTimerService"/>) live only while
/// the actor is active; reminders (<see cref="ReminderService"/>) outlive it.
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
        Timers = new ActorTimerService(this, time, work, channel, logger);
    }

    public ReminderService Reminders { get; }

    public ActorTimerService Timers { get; }

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
        var slot = SlotOf(key);
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

    internal ActorSlot SlotOf(ActorKey key) => _slots.GetOrAdd(key, k => new ActorSlot(k));

    internal bool TryGetSlot(ActorKey key, [NotNullWhen(true)] out ActorSlot? slot) => _slots.TryGetValue(key, out slot);

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
        ActorTimerService.DropAll(slot);
        slot.IdleTimer?.Dispose();
        slot.IdleTimer = null;
        slot.Host = null;
    }

    internal static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
