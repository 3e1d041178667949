using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>
/// Runs <see cref="MonitorActor"/> turns as the actor runtime would: a fresh activation per call over shared
/// state, the automatic save after a method, and the discard of unsaved changes when a method throws.
/// </summary>
public sealed class MonitorActorHarness
{
    public MonitorActorHarness(long projectId, string slug, DateTimeOffset start)
    {
        MonitorKey = MonitorKeys.Of(projectId, slug);
        Time = new FakeTimeProvider(start);
    }

    public string MonitorKey { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryActorStateManager State { get; } = new();

    public RecordingTimerManager Reminders { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    public RecordingIndex Index { get; } = new();

    public MonitorEngine Engine { get; } = new();

    public ProcessorOptions Options { get; } = new();

    public Task<TurnReport> ApplyAsync(params CheckInMessage[] messages) =>
        TurnAsync(actor => actor.ApplyAsync(new CheckInBatch(messages)));

    public Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request) => TurnAsync(actor => actor.ConfigureAsync(request));

    public Task<MonitorState?> GetAsync() => TurnAsync(actor => actor.GetAsync());

    public Task FireAsync(string reminderName) =>
        TurnAsync(async actor =>
        {
            await actor.ReceiveReminderAsync(reminderName, [], TimeSpan.Zero, TimeSpan.Zero);
            return true;
        });

    /// <summary>The moment the wake-up reminder is due, as registered (the fake clock is its time base).</summary>
    public DateTimeOffset? WakeUpDue { get; private set; }

    private async Task<T> TurnAsync<T>(Func<MonitorActor, Task<T>> call)
    {
        var host = ActorHost.CreateForTest<MonitorActor>(new ActorTestOptions
        {
            ActorId = new ActorId(MonitorKey),
            TimerManager = Reminders,
        });
        var actor = new MonitorActor(host, Engine, Publisher, Index, Time, Microsoft.Extensions.Options.Options.Create(Options), State);
        var wakeUpBefore = Reminders.Reminders.TryGetValue(MonitorActor.WakeUpReminder, out var before) ? before : null;
        try
        {
            var result = await call(actor);
            await State.SaveStateAsync();
            if (Reminders.Reminders.TryGetValue(MonitorActor.WakeUpReminder, out var after))
            {
                if (!ReferenceEquals(after, wakeUpBefore))
                {
                    WakeUpDue = Time.GetUtcNow() + after.DueTime;
                }
            }
            else
            {
                WakeUpDue = null;
            }

            return result;
        }
        catch
        {
            await State.ClearCacheAsync();
            throw;
        }
    }
}
