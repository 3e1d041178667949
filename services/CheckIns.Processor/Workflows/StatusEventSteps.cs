using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>The last steps every workflow shares: publish the operation's events in order, then let the actor forget them.</summary>
internal static class StatusEventSteps
{
    public static async Task PublishAsync(WorkflowContext context, string monitorKey, OperationReply reply, WorkflowTaskOptions untilDone)
    {
        // One activity per event: an event the broker took is not published again when a later one is retried.
        foreach (var statusEvent in reply.Events)
        {
            await context.CallActivityAsync<bool>(WorkflowNames.PublishStatusEvent, new PublishRequest(monitorKey, statusEvent), untilDone);
        }

        if (reply.Events.Count > 0 || reply.Timeout is not null)
        {
            await context.CallActivityAsync<bool>(WorkflowNames.AcknowledgeOperation, new AcknowledgeRequest(monitorKey, reply.OperationId), untilDone);
        }
    }
}
