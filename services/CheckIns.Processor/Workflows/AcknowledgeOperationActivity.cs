using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Tells the monitor the operation's events are out, so a rerun of the same operation publishes nothing again.</summary>
public sealed class AcknowledgeOperationActivity(IMonitorOperations monitors) : WorkflowActivity<AcknowledgeRequest, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, AcknowledgeRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await monitors.AcknowledgeAsync(input.MonitorKey, input.OperationId, CancellationToken.None);
        return true;
    }
}
