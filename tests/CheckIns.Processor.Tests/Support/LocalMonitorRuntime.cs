using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Support;

/// <summary>
/// Monitor actors hosted in the test process the way the actor runtime hosts them: one turn at a time per
/// actor id, a fresh activation per call over the stored state, the automatic save after a method and the
/// discard of unsaved changes when it throws. Reminders fire when the fake clock reaches them; a firing wake-up
/// hands its deadline to <see cref="Ticks"/> (the app's tick workflows once <see cref="UseTicks"/> is called).
/// </summary>
public sealed class LocalMonitorRuntime(FakeTimeProvider time) : IMonitorOperations, IMonitorActors, IProjectIndex
{
    private readonly ConcurrentDictionary<string, ActorSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long ProjectId, string Slug), int> _index = new();
    private readonly ConcurrentDictionary<(long ProjectId, string Slug), MonitorOverviewEntry> _overview = new();
    private readonly ConcurrentDictionary<(long ProjectId, string Slug), int> _overviewWrites = new();
    private ITickScheduler? _ticks;

    public FakeTimeProvider Time { get; } = time;

    public RecordingPublisher Publisher { get; } = new();

    public MonitorEngine Engine { get; } = new();

    public ProcessorOptions Options { get; } = new();

    /// <summary>The wake-ups handed to the tick scheduler, until <see cref="UseTicks"/> replaces it.</summary>
    public RecordingTicks Ticks { get; } = new();

    public IReadOnlyDictionary<(long ProjectId, string Slug), int> IndexAdds => _index;

    /// <summary>How many times each monitor wrote its overview entry to the project index.</summary>
    public IReadOnlyDictionary<(long ProjectId, string Slug), int> OverviewWrites => _overviewWrites;

    public ActorSlot SlotOf(string monitorKey) => _slots.GetOrAdd(monitorKey, _ => new ActorSlot(Time));

    /// <summary>Firing wake-ups start the app's tick workflows from now on.</summary>
    public void UseTicks(ITickScheduler ticks) => _ticks = ticks;

    public Task<OperationReply> ApplyAsync(CheckInMessage message, CancellationToken cancellationToken) =>
        TurnAsync(message.MonitorKey, actor => actor.ApplyAsync(message));

    public Task<OperationReply> TimeOutAsync(string monitorKey, TimeoutRequest request, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.TimeOutAsync(request));

    public Task<OperationReply> TickAsync(string monitorKey, TickRequest request, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.TickAsync(request));

    public Task AcknowledgeAsync(string monitorKey, string operationId, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, async actor =>
        {
            await actor.AcknowledgeAsync(operationId);
            return true;
        });

    public Task<MonitorState?> GetAsync(string monitorKey, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.GetAsync());

    public Task<ConfigureReply> ConfigureAsync(string monitorKey, MonitorConfigRequest request, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.ConfigureAsync(request));

    public Task<ConfigureReply> ConfigureEnvironmentAsync(string monitorKey, EnvironmentConfigRequest request, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.ConfigureEnvironmentAsync(request));

    public Task FireAsync(string monitorKey, string reminderName) =>
        TurnAsync(monitorKey, async actor =>
        {
            await actor.ReceiveReminderAsync(reminderName, [], TimeSpan.Zero, TimeSpan.Zero);
            return true;
        });

    /// <summary>Fires every reminder due at the fake clock's now once, as the scheduler would; returns how many fired.</summary>
    public async Task<int> FireDueRemindersAsync()
    {
        var now = Time.GetUtcNow();
        var due = _slots
            .SelectMany(s => s.Value.Timers.NextDue.Where(r => r.Value <= now).Select(r => (Key: s.Key, Name: r.Key, At: r.Value)))
            .OrderBy(r => r.At)
            .ToList();
        foreach (var (key, name, at) in due)
        {
            var timers = SlotOf(key).Timers;
            if (!timers.Reminders.TryGetValue(name, out var reminder))
            {
                continue;
            }

            await FireAsync(key, name);
            // A reminder nobody registered again runs again after its period, or is done.
            if (timers.Reminders.TryGetValue(name, out var after) && ReferenceEquals(after, reminder))
            {
                if (reminder.Period > TimeSpan.Zero)
                {
                    timers.NextDue.TryUpdate(name, at + reminder.Period > now ? at + reminder.Period : now + reminder.Period, at);
                }
                else
                {
                    timers.Reminders.TryRemove(name, out _);
                    timers.NextDue.TryRemove(name, out _);
                }
            }
        }

        return due.Count;
    }

    public Task AddAsync(long projectId, string slug, CancellationToken cancellationToken)
    {
        _index.AddOrUpdate((projectId, slug), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _index.Keys.Where(k => k.ProjectId == projectId).Select(k => k.Slug).Order(StringComparer.Ordinal)]);

    public Task SetOverviewAsync(long projectId, MonitorOverviewEntry entry, CancellationToken cancellationToken)
    {
        _overview[(projectId, entry.Slug)] = entry;
        _overviewWrites.AddOrUpdate((projectId, entry.Slug), 1, (_, n) => n + 1);
        return AddAsync(projectId, entry.Slug, cancellationToken);
    }

    /// <summary>Leaves the monitor in the index without its overview entry, as a monitor indexed before entries were kept.</summary>
    public void ForgetOverview(long projectId, string slug) => _overview.TryRemove((projectId, slug), out _);

    public Task<ProjectOverview> OverviewAsync(long projectId, CancellationToken cancellationToken)
    {
        var slugs = _index.Keys.Where(k => k.ProjectId == projectId).Select(k => k.Slug).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(new ProjectOverview(
            [.. slugs.Where(s => _overview.ContainsKey((projectId, s))).Select(s => _overview[(projectId, s)])],
            [.. slugs.Where(s => !_overview.ContainsKey((projectId, s)))]));
    }

    private async Task<T> TurnAsync<T>(string monitorKey, Func<MonitorActor, Task<T>> call)
    {
        var slot = SlotOf(monitorKey);
        await slot.Turn.WaitAsync();
        try
        {
            var host = ActorHost.CreateForTest<MonitorActor>(new ActorTestOptions
            {
                ActorId = new ActorId(monitorKey),
                TimerManager = slot.Timers,
            });
            var actor = new MonitorActor(host, Engine, this, _ticks ?? Ticks, Time, Microsoft.Extensions.Options.Options.Create(Options), slot.State);
            try
            {
                var result = await call(actor);
                await slot.State.SaveStateAsync();
                return result;
            }
            catch
            {
                await slot.State.ClearCacheAsync();
                throw;
            }
        }
        finally
        {
            slot.Turn.Release();
        }
    }

    public sealed class ActorSlot(TimeProvider time)
    {
        public InMemoryActorStateManager State { get; } = new();

        public RecordingTimerManager Timers { get; } = new(time);

        public SemaphoreSlim Turn { get; } = new(1, 1);
    }

    /// <summary>Records the wake-ups a firing reminder hands on.</summary>
    public sealed class RecordingTicks : ITickScheduler
    {
        public ConcurrentQueue<(string MonitorKey, DateTimeOffset Deadline)> Scheduled { get; } = new();

        public Task ScheduleAsync(string monitorKey, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Scheduled.Enqueue((monitorKey, deadline));
            return Task.CompletedTask;
        }
    }
}
