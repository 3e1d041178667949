using Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>A snapshot of one workflow instance, as a test or the HTTP API sees it.</summary>
public sealed record WorkflowInstanceInfo(
    string InstanceId,
    string Name,
    string AppId,
    string ExecutionId,
    OrchestrationStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? FailureDetails,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? ParentInstanceId,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<HistoryEvent> History)
{
    /// <summary>daprd's name for the status ("RUNNING", "COMPLETED", …), as its HTTP API shows it.</summary>
    public string RuntimeStatus => RuntimeStatusName(Status);

    /// <summary>The kind of each history event, in order ("WorkflowStarted", "ExecutionStarted", "TaskScheduled", …).</summary>
    public IReadOnlyList<string> HistoryKinds => History.Select(e => e.EventTypeCase.ToString()).ToList();

    public static string RuntimeStatusName(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Running => "RUNNING",
        OrchestrationStatus.Completed => "COMPLETED",
        OrchestrationStatus.ContinuedAsNew => "CONTINUED_AS_NEW",
        OrchestrationStatus.Failed => "FAILED",
        OrchestrationStatus.Canceled => "CANCELED",
        OrchestrationStatus.Terminated => "TERMINATED",
        OrchestrationStatus.Pending => "PENDING",
        OrchestrationStatus.Suspended => "SUSPENDED",
        OrchestrationStatus.Stalled => "STALLED",
        _ => status.ToString().ToUpperInvariant(),
    };

    internal static WorkflowInstanceInfo From(WorkflowInstanceState s) => new(
        s.InstanceId,
        s.Name,
        s.AppId,
        s.ExecutionId,
        s.Status,
        s.Input,
        s.Output,
        s.CustomStatus,
        s.FailureDetails?.Clone(),
        s.CreatedAt,
        s.LastUpdatedAt,
        s.ParentInstanceId,
        new Dictionary<string, string>(s.Tags),
        s.History.ToList());
}
