using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Missed detection for one wake-up of a monitor (its instance id names the deadline): once the stream clock has
/// passed the deadline (a reminder that fires while the processor lags waits), the actor ticks at the clock's time
/// (SEMANTICS R87, R91), re-arms its reminder for the next deadline and answers the events, which go to incidents.
/// </summary>
public sealed class MonitorTickWorkflow : Workflow<TickInput, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, TickInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var untilDone = Retries.UntilDone;
        var clock = await StreamClockSteps.WaitPastAsync(context, input.Deadline);
        var now = clock.Clock ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var reply = await context.CallActivityAsync<OperationReply>(
            WorkflowNames.TickMonitor, input with { Now = now, Abnormal = clock.InOutage }, untilDone);
        await StatusEventSteps.PublishAsync(context, input.MonitorKey, reply, untilDone);
        return reply.Events.Count;
    }
}
