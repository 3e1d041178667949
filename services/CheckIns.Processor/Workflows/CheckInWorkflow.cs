using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// One delivered check-in, as its transaction: the monitor's actor validates and applies it (one actor turn, the
/// reply kept with the state), then the error of a check-in whose monitor does not exist goes to the project's list,
/// a running check-in with a max runtime gets its durable wait (started, extended or ended), every status event
/// goes to incidents, each retried until the broker took it, and finally the actor forgets the events so that a
/// rerun of this instance id publishes nothing twice. Deterministic: all time comes from the context. An apply
/// that fails fails the workflow, and the subscription asks Dapr to redeliver.
/// </summary>
public sealed class CheckInWorkflow : Workflow<CheckInMessage, CheckInWorkflowResult>
{
    public override async Task<CheckInWorkflowResult> RunAsync(WorkflowContext context, CheckInMessage input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var untilDone = Retries.UntilDone;

        var reply = await context.CallActivityAsync<OperationReply>(WorkflowNames.ApplyCheckIn, input);
        if (reply.ProjectError is { } error)
        {
            await context.CallActivityAsync<bool>(WorkflowNames.RecordProjectError, new RecordProjectErrorRequest(input.ProjectId, error), untilDone);
        }

        if (reply.Timeout is { } watch)
        {
            await context.CallActivityAsync<bool>(WorkflowNames.WatchTimeout, watch, untilDone);
        }

        context.SetCustomStatus(WorkflowNames.AppliedStatus);
        await StatusEventSteps.PublishAsync(context, input.MonitorKey, reply, untilDone);
        return new CheckInWorkflowResult(reply.Outcome, reply.ProcessingError, reply.Events.Count);
    }
}
