using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;
using CheckIns.Processor.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>One monitor's actor on a <see cref="LocalMonitorRuntime"/>, called the way the workflow activities call it.</summary>
public sealed class MonitorActorHarness(long projectId, string slug, DateTimeOffset start)
{
    public LocalMonitorRuntime Runtime { get; } = new(new FakeTimeProvider(start));

    public string MonitorKey { get; } = MonitorKeys.Of(projectId, slug);

    public FakeTimeProvider Time => Runtime.Time;

    public InMemoryActorStateManager State => Runtime.SlotOf(MonitorKey).State;

    public RecordingTimerManager Reminders => Runtime.SlotOf(MonitorKey).Timers;

    /// <summary>When the wake-up reminder is next due on the fake clock, or null when none is armed.</summary>
    public DateTimeOffset? WakeUpDue => Reminders.NextDue.TryGetValue(MonitorActor.WakeUpReminder, out var due) ? due : null;

    public Task<OperationReply> ApplyAsync(CheckInMessage message) => Runtime.ApplyAsync(message, CancellationToken.None);

    public Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request) => Runtime.ConfigureAsync(MonitorKey, request, CancellationToken.None);

    public Task<MonitorState?> GetAsync() => Runtime.GetAsync(MonitorKey, CancellationToken.None);

    public Task AcknowledgeAsync(string operationId) => Runtime.AcknowledgeAsync(MonitorKey, operationId, CancellationToken.None);

    public Task<OperationReply> TimeOutAsync(string environment, Guid checkInId, string operationId = "timeout-op") =>
        Runtime.TimeOutAsync(MonitorKey, new TimeoutRequest(operationId, environment, checkInId, Time.GetUtcNow()), CancellationToken.None);

    /// <summary>Fires the wake-up reminder, then runs the tick it handed on, as the tick workflow does.</summary>
    public async Task<OperationReply> WakeUpAsync()
    {
        await Runtime.FireAsync(MonitorKey, MonitorActor.WakeUpReminder);
        var (key, deadline) = Runtime.Ticks.Scheduled.Last();
        Assert.Equal(MonitorKey, key);
        return await Runtime.TickAsync(key, new TickRequest(WorkflowIds.Tick(key, deadline), Time.GetUtcNow()), CancellationToken.None);
    }
}
