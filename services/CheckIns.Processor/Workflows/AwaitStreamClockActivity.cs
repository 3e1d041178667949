using CheckIns.Processor.Clock;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Asks the stream clock whether it passed a time; if not, the clock keeps the workflow to wake it.</summary>
public sealed class AwaitStreamClockActivity(IStreamClock clock) : WorkflowActivity<ClockWait, ClockReading>
{
    public override Task<ClockReading> RunAsync(WorkflowActivityContext context, ClockWait input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return clock.AwaitAsync(input.InstanceId, input.Until, CancellationToken.None);
    }
}
