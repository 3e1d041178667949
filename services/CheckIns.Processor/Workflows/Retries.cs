using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// The retry policy of the steps that must end up done (publishing an event, starting a wait, a timeout, a tick):
/// back off from <see cref="FirstInterval"/>, doubling up to <see cref="MaxInterval"/>, and never give up. The
/// back-off is a durable timer, so it survives a restart and runs on workflow time. A constant, not configuration:
/// a workflow must decide the same way when it is replayed.
/// </summary>
public static class Retries
{
    public static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(5);

    public static WorkflowTaskOptions UntilDone { get; } =
        new(new WorkflowRetryPolicy(int.MaxValue, FirstInterval, backoffCoefficient: 2, maxRetryInterval: MaxInterval));
}
