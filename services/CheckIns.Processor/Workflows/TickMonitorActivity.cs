using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Runs missed detection on the monitor's actor; the tick workflow's instance id is the operation id.</summary>
public sealed class TickMonitorActivity(IMonitorOperations monitors) : WorkflowActivity<TickInput, OperationReply>
{
    public override Task<OperationReply> RunAsync(WorkflowActivityContext context, TickInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return monitors.TickAsync(input.MonitorKey, new TickRequest(context.InstanceId, input.Now ?? input.Deadline, input.Abnormal), CancellationToken.None);
    }
}
