using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Processor.Actors;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Support;

/// <summary>
/// Monitor actors hosted in the test process the way the actor runtime hosts them: one turn at a time per
/// actor id, a fresh activation per call over the stored state, the automatic save after a method and the
/// discard of unsaved changes when it throws. Reminders fire when the fake clock reaches them.
/// </summary>
public sealed class LocalMonitorRuntime(FakeTimeProvider time) : IMonitorTurns, IMonitorActors, IProjectIndex
{
    private readonly ConcurrentDictionary<string, ActorSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long ProjectId, string Slug), int> _index = new();

    public FakeTimeProvider Time { get; } = time;

    public RecordingPublisher Publisher { get; } = new();

    public MonitorEngine Engine { get; } = new();

    public ProcessorOptions Options { get; } = new();

    public IReadOnlyDictionary<(long ProjectId, string Slug), int> IndexAdds => _index;

    public ActorSlot SlotOf(string monitorKey) => _slots.GetOrAdd(monitorKey, _ => new ActorSlot(Time));

    public Task<TurnReport> ApplyAsync(string monitorKey, IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken) =>
        TurnAsync(monitorKey, actor => actor.ApplyAsync(new CheckInBatch(messages)));

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

    /// <summary>Fires every reminder due at the fake clock's now, as the scheduler would, until none is due.</summary>
    public async Task FireDueRemindersAsync()
    {
        for (var round = 0; round < 100; round++)
        {
            var now = Time.GetUtcNow();
            var due = _slots
                .SelectMany(s => s.Value.Timers.NextDue.Where(r => r.Value <= now).Select(r => (Key: s.Key, Name: r.Key, At: r.Value)))
                .OrderBy(r => r.At)
                .ToList();
            if (due.Count == 0)
            {
                return;
            }

            foreach (var (key, name, at) in due)
            {
                var timers = SlotOf(key).Timers;
                var reminder = timers.Reminders[name];
                await FireAsync(key, name);
                // A reminder the callback did not re-register runs again after its period, or is done.
                if (timers.Reminders.TryGetValue(name, out var after) && ReferenceEquals(after, reminder))
                {
                    if (reminder.Period > TimeSpan.Zero)
                    {
                        timers.NextDue[name] = at + reminder.Period > now ? at + reminder.Period : now + reminder.Period;
                    }
                    else
                    {
                        timers.Reminders.TryRemove(name, out _);
                        timers.NextDue.TryRemove(name, out _);
                    }
                }
            }
        }

        throw new InvalidOperationException("Reminders kept firing without the clock moving.");
    }

    public Task AddAsync(long projectId, string slug, CancellationToken cancellationToken)
    {
        _index.AddOrUpdate((projectId, slug), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _index.Keys.Where(k => k.ProjectId == projectId).Select(k => k.Slug).Order(StringComparer.Ordinal)]);

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
            var actor = new MonitorActor(host, Engine, Publisher, this, Time, Microsoft.Extensions.Options.Options.Create(Options), slot.State);
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
}
