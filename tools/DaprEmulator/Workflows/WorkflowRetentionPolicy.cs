using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// How long an app's workflow instances are kept once they ended (a Configuration's
/// <c>spec.workflow.stateRetentionPolicy</c>, daprd ≥ 1.17). A status of its own wins over <see cref="AnyTerminal"/>;
/// a status with neither is kept until it is purged by hand.
/// </summary>
public sealed record WorkflowRetentionPolicy(TimeSpan? AnyTerminal = null, TimeSpan? Completed = null, TimeSpan? Failed = null, TimeSpan? Terminated = null)
{
    public TimeSpan? For(Proto.OrchestrationStatus status) => status switch
    {
        Proto.OrchestrationStatus.Completed when Completed is { } kept => kept,
        Proto.OrchestrationStatus.Failed when Failed is { } kept => kept,
        Proto.OrchestrationStatus.Terminated when Terminated is { } kept => kept,
        _ => AnyTerminal,
    };
}
