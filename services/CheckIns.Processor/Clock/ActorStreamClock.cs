using CheckIns.Processor.Workflows;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Clock;

/// <summary>
/// Reaches the <see cref="StreamClockActor"/> through the sidecar and wakes the workflows a report passed with the
/// <see cref="WorkflowNames.StreamClockPassed"/> event. A wake-up that fails is logged: the waiting workflow asks the
/// clock again after <see cref="StreamClockSteps.Recheck"/>.
/// </summary>
public sealed partial class ActorStreamClock(
    IActorProxyFactory proxies,
    DaprWorkflowClient workflows,
    IOptions<StreamClockOptions> options,
    ILogger<ActorStreamClock> logger) : IStreamClock
{
    public bool Enabled => options.Value.Enabled;

    public async Task ReportAsync(IReadOnlyDictionary<string, List<DateTimeOffset>> partitions, CancellationToken cancellationToken)
    {
        if (!Enabled || partitions.Count == 0)
        {
            return;
        }

        var advance = await Proxy().InvokeMethodAsync<ClockReport, ClockAdvance>(
            nameof(IStreamClockActor.ReportAsync), new ClockReport(new(partitions, StringComparer.Ordinal)), cancellationToken);
        foreach (var instanceId in advance?.Woken ?? [])
        {
            try
            {
                await workflows.RaiseEventAsync(instanceId, WorkflowNames.StreamClockPassed, advance!.Clock, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogWakeFailed(logger, ex, instanceId);
            }
        }
    }

    public async Task<ClockReading> AwaitAsync(string instanceId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return new ClockReading(null, Passed: true);
        }

        return await Proxy().InvokeMethodAsync<ClockWait, ClockReading>(nameof(IStreamClockActor.AwaitAsync), new ClockWait(instanceId, until), cancellationToken)
            ?? throw new InvalidOperationException("The stream clock answered nothing.");
    }

    public async Task<StreamClockSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        Enabled
            ? await Proxy().InvokeMethodAsync<StreamClockSnapshot>(nameof(IStreamClockActor.GetAsync), cancellationToken)
              ?? new StreamClockSnapshot(null, [], 0)
            : new StreamClockSnapshot(null, [], 0);

    private ActorProxy Proxy() => proxies.Create(new ActorId(StreamClockActor.ClockId), nameof(StreamClockActor));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake workflow {InstanceId} for the stream clock; it asks again on its own")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string instanceId);
}
