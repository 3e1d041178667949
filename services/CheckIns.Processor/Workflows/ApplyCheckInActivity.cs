using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Applies the check-in through its monitor's actor (one turn; the actor answers a repeat with the kept reply).
/// When the check-in needs no wait, this is where it became durable: the subscription waiting for it is told; and
/// told too when the actor refused the turn, so it answers RETRY at once.
/// </summary>
public sealed class ApplyCheckInActivity(IMonitorOperations monitors, CheckInSignals signals) : WorkflowActivity<CheckInMessage, OperationReply>
{
    public override async Task<OperationReply> RunAsync(WorkflowActivityContext context, CheckInMessage input)
    {
        ArgumentNullException.ThrowIfNull(context);
        OperationReply reply;
        try
        {
            reply = await monitors.ApplyAsync(input, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Not swallowed: the activity fails, so does the workflow, and the delivery is retried.
            signals.NotApplied(context.InstanceId, ex.Message);
            throw;
        }

        if (reply.Timeout is null)
        {
            signals.Applied(context.InstanceId);
        }

        return reply;
    }
}
