using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>One monitor's actor on a <see cref="LocalMonitorRuntime"/>.</summary>
public sealed class MonitorActorHarness(long projectId, string slug, DateTimeOffset start)
{
    public LocalMonitorRuntime Runtime { get; } = new(new FakeTimeProvider(start));

    public string MonitorKey { get; } = MonitorKeys.Of(projectId, slug);

    public FakeTimeProvider Time => Runtime.Time;

    public InMemoryActorStateManager State => Runtime.SlotOf(MonitorKey).State;

    public RecordingTimerManager Reminders => Runtime.SlotOf(MonitorKey).Timers;

    public RecordingPublisher Publisher => Runtime.Publisher;

    /// <summary>When the wake-up reminder is next due on the fake clock, or null when none is armed.</summary>
    public DateTimeOffset? WakeUpDue => Reminders.NextDue.TryGetValue(MonitorActor.WakeUpReminder, out var due) ? due : null;

    public Task<TurnReport> ApplyAsync(params CheckInMessage[] messages) => Runtime.ApplyAsync(MonitorKey, messages, CancellationToken.None);

    public Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request) => Runtime.ConfigureAsync(MonitorKey, request, CancellationToken.None);

    public Task<MonitorState?> GetAsync() => Runtime.GetAsync(MonitorKey, CancellationToken.None);

    public Task FireAsync(string reminderName) => Runtime.FireAsync(MonitorKey, reminderName);
}
