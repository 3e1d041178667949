using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprEmulator.Core;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Actors;

/// <summary>
/// Actor timers as daprd keeps them: in memory, only while the actor is active (deactivation drops them), each
/// firing taking the actor's turn like a method call, repeated by period until its repetitions or ttl run out.
/// </summary>
public sealed class ActorTimerService
{
    private readonly ActorRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly WorkTracker _work;
    private readonly AppChannel _channel;
    private readonly ILogger _logger;

    internal ActorTimerService(ActorRuntime runtime, TimeProvider time, WorkTracker work, AppChannel channel, ILogger logger)
    {
        _runtime = runtime;
        _time = time;
        _work = work;
        _channel = channel;
        _logger = logger;
    }

    /// <summary>PUT …/timers/{name}: the body is <c>{"callback","data","dueTime","period","ttl"}</c>.</summary>
    public void Register(ActorKey key, string name, JsonElement body)
    {
        var now = _time.GetUtcNow();
        var dueTime = ActorRuntime.Str(body, "dueTime") ?? string.Empty;
        var period = ActorRuntime.Str(body, "period") ?? string.Empty;
        var due = DaprDuration.ParseDueTime(dueTime, now);
        var (periodSpan, repetitions) = DaprDuration.ParsePeriod(period);
        var ttl = ActorRuntime.Str(body, "ttl");
        var entry = new ActorTimerEntry
        {
            Name = name,
            Callback = ActorRuntime.Str(body, "callback") ?? string.Empty,
            DataJson = body.TryGetProperty("data", out var data) ? data.GetRawText() : null,
            DueTime = dueTime,
            Period = period,
            PeriodSpan = periodSpan,
            RemainingRepetitions = repetitions,
            ExpiresAt = string.IsNullOrEmpty(ttl) ? null : DaprDuration.ParseDueTime(ttl, now),
        };

        var slot = _runtime.SlotOf(key);
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
            entry.Timer = _time.CreateTimer(_ => Fire(key, entry), null, ActorRuntime.Max0(due - now), Timeout.InfiniteTimeSpan);
        }
    }

    public void Unregister(ActorKey key, string name)
    {
        if (_runtime.TryGetSlot(key, out var slot))
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

    private void Fire(ActorKey key, ActorTimerEntry entry) => _work.Run($"timer {entry.Name} of {key}", async () =>
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
            var response = await _runtime.RunTurnAsync(
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

        if (!_runtime.TryGetSlot(key, out var slot))
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

    /// <summary>The actor is no longer active: its timers stop. The caller holds the slot's lock.</summary>
    internal static void DropAll(ActorSlot slot)
    {
        foreach (var timer in slot.Timers.Values)
        {
            timer.Timer?.Dispose();
        }

        slot.Timers.Clear();
    }
}
