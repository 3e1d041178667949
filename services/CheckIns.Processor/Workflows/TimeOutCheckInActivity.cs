using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Has the monitor's actor time out one running check-in whose wait expired.</summary>
public sealed class TimeOutCheckInActivity(IMonitorOperations monitors) : WorkflowActivity<TimeOutCheckInInput, OperationReply>
{
    public override Task<OperationReply> RunAsync(WorkflowActivityContext context, TimeOutCheckInInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return monitors.TimeOutAsync(input.MonitorKey, input.Request, CancellationToken.None);
    }
}
