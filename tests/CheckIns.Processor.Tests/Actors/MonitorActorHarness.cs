using System.Text.Json.Nodes;
using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.App;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>
/// One monitor's actor, hosted by the processor app behind an emulated sidecar and called through it the way the
/// workflow activities call it. Its state is read from the sidecar's state store, its wake-up from the sidecar's
/// reminder service; firing reminders run the app's tick workflows when the fake clock reaches them.
/// </summary>
public sealed class MonitorActorHarness(long projectId, string slug, DateTimeOffset start) : IAsyncDisposable
{
    public ProcessorAppFactory App { get; } = new(start);

    public string MonitorKey { get; } = MonitorKeys.Of(projectId, slug);

    public FakeTimeProvider Time => App.Time;

    /// <summary>When the wake-up reminder is next due on the fake clock, or null when none is armed.</summary>
    public DateTimeOffset? WakeUpDue => App.ReminderDue(MonitorKey, MonitorActor.WakeUpReminder);

    public async Task<OperationReply> ApplyAsync(CheckInMessage message) => await (await App.MonitorActorsAsync()).ApplyAsync(message, CancellationToken.None);

    public async Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request) =>
        await (await App.MonitorActorsAsync()).ConfigureAsync(MonitorKey, request, CancellationToken.None);

    public async Task<MonitorState?> GetAsync() => await (await App.MonitorActorsAsync()).GetAsync(MonitorKey, CancellationToken.None);

    public async Task AcknowledgeAsync(string operationId) => await (await App.MonitorActorsAsync()).AcknowledgeAsync(MonitorKey, operationId, CancellationToken.None);

    public async Task<OperationReply> TimeOutAsync(string environment, Guid checkInId, string operationId = "timeout-op") =>
        await (await App.MonitorActorsAsync()).TimeOutAsync(MonitorKey, new TimeoutRequest(operationId, environment, checkInId, Time.GetUtcNow()), CancellationToken.None);

    public async Task<OperationReply> TickAsync(string operationId) =>
        await (await App.MonitorActorsAsync()).TickAsync(MonitorKey, new TickRequest(operationId, Time.GetUtcNow()), CancellationToken.None);

    /// <summary>The actor's committed state under <paramref name="key"/> in the sidecar's store; null when it has none.</summary>
    public JsonNode? Stored(string key) => App.StoredState(MonitorKey, key);

    /// <summary>Moves the fake clock to <paramref name="at"/> and waits until what came due (the wake-up and its tick workflow) has run.</summary>
    public Task AdvanceToAsync(DateTimeOffset at) => App.AdvanceAsync(at - Time.GetUtcNow());

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
