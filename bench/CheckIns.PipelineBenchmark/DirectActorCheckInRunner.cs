extern alias processor;

using CheckIns.Contracts;
using processor::CheckIns.Processor.Actors;
using processor::CheckIns.Processor.StatusEvents;
using processor::CheckIns.Processor.Subscriptions;

namespace CheckIns.PipelineBenchmark;

/// <summary>
/// The baseline of the workflow path: what the check-in's workflow asks of the actor and the broker, called straight
/// from the subscription through the same actor proxy (<see cref="IMonitorOperations"/>, as ApplyCheckInActivity and
/// AcknowledgeOperationActivity do) and the same publisher (as PublishStatusEventActivity does), with no workflow
/// around it. The delivery is answered once the events are out, so its work is all inside the measured time, as the
/// workflow path's is (the benchmark waits for every workflow to complete). Benchmark only: it has none of the
/// workflow's durability (a crash between the apply and the publish loses the events).
/// </summary>
internal sealed class DirectActorCheckInRunner(IMonitorOperations monitors, IStatusEventPublisher publisher) : ICheckInRunner
{
    public async Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reply = await monitors.ApplyAsync(message, cancellationToken);
        if (reply.Timeout is not null)
        {
            // The workflow would start a durable wait here; the benchmark's load sends no in_progress check-ins.
            throw new InvalidOperationException($"check-in {message.MessageId} needs a timeout watch, which the direct-actor baseline does not run");
        }

        foreach (var statusEvent in reply.Events)
        {
            await publisher.PublishAsync(statusEvent, message.MonitorKey, cancellationToken);
        }

        if (reply.Events.Count > 0)
        {
            await monitors.AcknowledgeAsync(message.MonitorKey, reply.OperationId, cancellationToken);
        }

        return CheckInRun.Done;
    }
}
