using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprEmulator.Core;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Actors;

/// <summary>
/// Reminders as the Scheduler keeps them for daprd ≥ 1.17: stored outside the app (they survive an app
/// restart), fired at their due time on the clock, repeated by period, overwritten when registered again
/// under the same name. A failed callback is retried 3 times, 1 s apart (the Scheduler's default policy).
/// With a <see cref="DurableStore"/> (the local run) they are also kept on disk, as the Scheduler keeps them in
/// its etcd: a registration is answered once stored, and the emulator restores them, next due time included,
/// when it starts again (a reminder that came due meanwhile fires as soon as an app hosts its type).
/// </summary>
public sealed class ReminderService
{
    private static readonly TimeSpan s_retryInterval = TimeSpan.FromSeconds(1);
    private const int MaxRetries = 3;
    private const string Namespace = "actors/reminders";
    private const char KeySeparator = '\u001f';

    private readonly Lock _lock = new();
    private readonly Dictionary<(ActorKey Actor, string Name), Reminder> _reminders = [];
    private readonly ActorRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly WorkTracker _work;
    private readonly ILogger _logger;
    private readonly DurableStore? _disk;

    internal ReminderService(ActorRuntime runtime, TimeProvider time, WorkTracker work, ILogger logger, DurableStore? disk = null)
    {
        _runtime = runtime;
        _time = time;
        _work = work;
        _logger = logger;
        _disk = disk;
        if (disk is not null)
        {
            Restore(disk);
        }
    }

    /// <summary>Registered reminders, with the time each fires next.</summary>
    public IReadOnlyList<(ActorKey Actor, string Name, DateTimeOffset NextFire)> List()
    {
        lock (_lock)
        {
            return _reminders.Values.Select(r => (r.Actor, r.Name, r.NextFire)).ToList();
        }
    }

    /// <summary>PUT …/reminders/{name}: <c>{"dueTime","period","data","ttl"}</c>. Completes once the reminder is stored.</summary>
    public async Task RegisterAsync(ActorKey actor, string name, JsonElement body)
    {
        var now = _time.GetUtcNow();
        var dueTime = ActorRuntime.Str(body, "dueTime") ?? string.Empty;
        var period = ActorRuntime.Str(body, "period") ?? string.Empty;
        var ttl = ActorRuntime.Str(body, "ttl");
        var (periodSpan, repetitions) = DaprDuration.ParsePeriod(period);
        var reminder = new Reminder
        {
            Actor = actor,
            Name = name,
            DueTime = dueTime,
            Period = period,
            PeriodSpan = periodSpan,
            RemainingRepetitions = repetitions,
            DataJson = body.TryGetProperty("data", out var data) ? data.GetRawText() : null,
            ExpiresAt = string.IsNullOrEmpty(ttl) ? null : DaprDuration.ParseDueTime(ttl, now),
            NextFire = DaprDuration.ParseDueTime(dueTime, now),
        };

        Task stored;
        lock (_lock)
        {
            // Runtime ≥ 1.17 overwrites a reminder registered again under the same name.
            if (_reminders.Remove((actor, name), out var old))
            {
                old.Timer?.Dispose();
            }

            _reminders[(actor, name)] = reminder;
            Schedule(reminder);
            stored = Store(reminder);
        }

        try
        {
            await stored;
        }
        catch (DurableStoreException ex)
        {
            throw new DaprApiException(DaprErrorCodes.ReminderSaveFailed, $"error creating reminder {name} of {actor}: {ex.Message}");
        }
    }

    public async Task<bool> UnregisterAsync(ActorKey actor, string name)
    {
        Task stored;
        lock (_lock)
        {
            if (!_reminders.Remove((actor, name), out var old))
            {
                return false;
            }

            old.Timer?.Dispose();
            stored = Forget(old);
        }

        await stored;
        return true;
    }

    public JsonObject? Get(ActorKey actor, string name)
    {
        lock (_lock)
        {
            return _reminders.TryGetValue((actor, name), out var r)
                ? new JsonObject
                {
                    ["dueTime"] = r.DueTime,
                    ["period"] = r.Period,
                    ["data"] = r.DataJson is null ? null : JsonNode.Parse(r.DataJson),
                }
                : null;
        }
    }

    /// <summary>A host for the type appeared: reminders that came due while none was running fire now.</summary>
    internal void OnTypeHosted(string type)
    {
        List<Reminder> due;
        lock (_lock)
        {
            due = _reminders.Values.Where(r => r.Actor.Type == type && r.WaitingForHost).ToList();
            foreach (var r in due)
            {
                r.WaitingForHost = false;
            }
        }

        foreach (var r in due)
        {
            Fire(r);
        }
    }

    private void Schedule(Reminder r)
    {
        r.Timer?.Dispose();
        r.Timer = _time.CreateTimer(_ => Fire(r), null, ActorRuntime.Max0(r.NextFire - _time.GetUtcNow()), Timeout.InfiniteTimeSpan);
    }

    private bool IsCurrent(Reminder r)
    {
        lock (_lock)
        {
            return _reminders.TryGetValue((r.Actor, r.Name), out var current) && ReferenceEquals(current, r);
        }
    }

    private void Fire(Reminder r) => _work.Run($"reminder {r.Name} of {r.Actor}", async () =>
    {
        if (!IsCurrent(r))
        {
            return;
        }

        if (!_runtime.IsHosted(r.Actor.Type))
        {
            lock (_lock)
            {
                r.WaitingForHost = true;
            }

            _logger.LogInformation("Reminder {Name} of {Actor} is due but no app hosts {Type}; it fires when one starts", r.Name, r.Actor, r.Actor.Type);
            return;
        }

        var body = new JsonObject
        {
            ["dueTime"] = r.DueTime,
            ["period"] = r.Period,
            ["data"] = r.DataJson is null ? null : JsonNode.Parse(r.DataJson),
        };
        bool ok;
        try
        {
            var response = await _runtime.RunTurnAsync(
                r.Actor,
                _ => IsCurrent(r),
                host => host.Sidecar.Cluster.Channel.SendAsync(host.Address, HttpMethod.Put, $"/actors/{Uri.EscapeDataString(r.Actor.Type)}/{Uri.EscapeDataString(r.Actor.Id)}/method/remind/{Uri.EscapeDataString(r.Name)}", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", null, CancellationToken.None),
                CancellationToken.None);
            ok = response.IsSuccess;
            if (!ok)
            {
                _logger.LogWarning("Reminder {Name} of {Actor} failed with {Status}", r.Name, r.Actor, response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or DaprApiException)
        {
            _logger.LogWarning("Reminder {Name} of {Actor} failed: {Error}", r.Name, r.Actor, ex.Message);
            ok = false;
        }

        lock (_lock)
        {
            if (!_reminders.TryGetValue((r.Actor, r.Name), out var current) || !ReferenceEquals(current, r))
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (!ok && r.Failures < MaxRetries)
            {
                r.Failures++;
                r.NextFire = now + s_retryInterval;
                Schedule(r);
                Remember(Store(r));
                return;
            }

            r.Failures = 0;
            if (r.RemainingRepetitions is not null)
            {
                r.RemainingRepetitions--;
            }

            if (r.PeriodSpan is not { } period || r.RemainingRepetitions <= 0)
            {
                _reminders.Remove((r.Actor, r.Name));
                r.Timer?.Dispose();
                Remember(Forget(r));
                return;
            }

            // The next tick keeps the original cadence; ticks missed while time jumped are skipped.
            var next = r.NextFire + period;
            while (next <= now)
            {
                next += period;
            }

            if (r.ExpiresAt is { } exp && next > exp)
            {
                _reminders.Remove((r.Actor, r.Name));
                r.Timer?.Dispose();
                Remember(Forget(r));
                return;
            }

            r.NextFire = next;
            Schedule(r);
            Remember(Store(r));
        }
    });

    private static string KeyOf(ActorKey actor, string name) => string.Join(KeySeparator, actor.Type, actor.Id, name);

    /// <summary>Queues the reminder's current state for the disk (under the lock, so writes of one reminder keep their order).</summary>
    private Task Store(Reminder r)
    {
        if (_disk is null)
        {
            return Task.CompletedTask;
        }

        var json = new JsonObject
        {
            ["dueTime"] = r.DueTime,
            ["period"] = r.Period,
            ["data"] = r.DataJson,
            ["expiresAt"] = r.ExpiresAt?.UtcTicks,
            ["nextFire"] = r.NextFire.UtcTicks,
            ["remaining"] = r.RemainingRepetitions,
        };
        var key = KeyOf(r.Actor, r.Name);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        return _disk.WriteAsync(w => w.Put(Namespace, key, bytes));
    }

    private Task Forget(Reminder r)
    {
        if (_disk is null)
        {
            return Task.CompletedTask;
        }

        var key = KeyOf(r.Actor, r.Name);
        return _disk.WriteAsync(w => w.Delete(Namespace, key));
    }

    /// <summary>A write after a tick is not waited for; if it is lost in a crash, the reminder fires once more, early.</summary>
    private void Remember(Task write) =>
        write.ContinueWith(t => _logger.LogWarning("A reminder could not be stored: {Error}", t.Exception?.GetBaseException().Message), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private void Restore(DurableStore disk)
    {
        lock (_lock)
        {
            foreach (var (key, bytes) in disk.ReadAll(Namespace))
            {
                var parts = key.Split(KeySeparator);
                if (parts.Length != 3)
                {
                    continue;
                }

                var json = JsonNode.Parse(bytes)!.AsObject();
                var period = (string?)json["period"] ?? string.Empty;
                var (periodSpan, _) = DaprDuration.ParsePeriod(period);
                var reminder = new Reminder
                {
                    Actor = new ActorKey(parts[0], parts[1]),
                    Name = parts[2],
                    DueTime = (string?)json["dueTime"] ?? string.Empty,
                    Period = period,
                    PeriodSpan = periodSpan,
                    RemainingRepetitions = (int?)json["remaining"],
                    DataJson = (string?)json["data"],
                    ExpiresAt = (long?)json["expiresAt"] is { } exp ? new DateTimeOffset(exp, TimeSpan.Zero) : null,
                    NextFire = new DateTimeOffset((long)json["nextFire"]!, TimeSpan.Zero),
                };
                _reminders[(reminder.Actor, reminder.Name)] = reminder;
                Schedule(reminder);
            }

            _logger.LogInformation("Reminders restored from {Directory}: {Count}", disk.Directory, _reminders.Count);
        }
    }

    private sealed class Reminder
    {
        public required ActorKey Actor { get; init; }

        public required string Name { get; init; }

        public required string DueTime { get; init; }

        public required string Period { get; init; }

        public TimeSpan? PeriodSpan { get; init; }

        public int? RemainingRepetitions { get; set; }

        public string? DataJson { get; init; }

        public DateTimeOffset? ExpiresAt { get; init; }

        public DateTimeOffset NextFire { get; set; }

        public int Failures { get; set; }

        public bool WaitingForHost { get; set; }

        public ITimer? Timer { get; set; }
    }
}
