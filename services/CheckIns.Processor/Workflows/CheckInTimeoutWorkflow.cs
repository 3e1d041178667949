using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// The durable wait of one running check-in (SEMANTICS R60, R61, R93, R94): a timer to its timeout_at, raced by
/// the <see cref="WorkflowNames.CheckInSignal"/> event that a later check-in with the same check_in_id raises — a
/// heartbeat moves the timer to its new timeout_at, the closing check-in ends the wait. At expiry the actor times
/// the check-in out, unless it is no longer running with that timeout (the stale-timeout guard: it answers the later
/// timeout_at of a heartbeat whose event this wait missed, and the wait goes on), and the events go to incidents.
/// Expiry is on the stream clock (R87, R93): the timer only says the time may have come; the timeout is decided once
/// the clock has passed timeout_at, so a closing check-in still queued behind a lag is applied first.
/// </summary>
public sealed class CheckInTimeoutWorkflow : Workflow<TimeoutWaitInput, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, TimeoutWaitInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var untilDone = Retries.UntilDone;
        var timeoutAt = input.TimeoutAt;
        while (true)
        {
            var wait = timeoutAt.UtcDateTime - context.CurrentUtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    var signal = await context.WaitForExternalEventAsync<CheckInSignal>(WorkflowNames.CheckInSignal, wait);
                    if (signal.Closed)
                    {
                        return OperationReply.Finished;
                    }

                    timeoutAt = signal.TimeoutAt ?? timeoutAt;
                    continue;
                }
                catch (TaskCanceledException)
                {
                    // The timer won: the timeout is due.
                }
            }

            var clock = await StreamClockSteps.WaitPastAsync(context, timeoutAt);
            var now = clock.Clock ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            var operationId = $"{context.InstanceId}@{timeoutAt.UtcTicks}";
            var reply = await context.CallActivityAsync<OperationReply>(
                WorkflowNames.TimeOutCheckIn,
                new TimeOutCheckInInput(input.MonitorKey, new TimeoutRequest(operationId, input.Environment, input.CheckInId, now, clock.InOutage)),
                untilDone);
            if (reply.Outcome == OperationReply.StillRunning && reply.RunningUntil is { } later && later > timeoutAt)
            {
                timeoutAt = later;
                continue;
            }

            await StatusEventSteps.PublishAsync(context, input.MonitorKey, reply, untilDone);
            return reply.Outcome;
        }
    }
}
