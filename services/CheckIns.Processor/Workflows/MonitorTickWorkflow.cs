using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Missed detection for one wake-up of a monitor (its instance id names the deadline): the actor ticks at the
/// workflow's time, re-arms its reminder for the next deadline and answers the events, which go to incidents.
/// </summary>
public sealed class MonitorTickWorkflow : Workflow<TickInput, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, TickInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var untilDone = Retries.UntilDone;
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var reply = await context.CallActivityAsync<OperationReply>(WorkflowNames.TickMonitor, input with { Now = now }, untilDone);
        await StatusEventSteps.PublishAsync(context, input.MonitorKey, reply, untilDone);
        return reply.Events.Count;
    }
}
