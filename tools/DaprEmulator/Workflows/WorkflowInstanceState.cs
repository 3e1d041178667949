using Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// One workflow instance as the sidecar keeps it: its committed history, the events waiting for the next
/// orchestrator work item (the inbox), and what a status query shows. Guarded by <see cref="Gate"/>, which
/// is never held across an await.
/// </summary>
public sealed class WorkflowInstanceState
{
    internal WorkflowInstanceState(string instanceId, string appId, string name, string executionId, DateTimeOffset createdAt)
    {
        InstanceId = instanceId;
        AppId = appId;
        Name = name;
        ExecutionId = executionId;
        CreatedAt = createdAt;
        LastUpdatedAt = createdAt;
    }

    internal Lock Gate { get; } = new();

    public string InstanceId { get; }

    /// <summary>The app id that owns the instance: its orchestrator work goes to that app's workers.</summary>
    public string AppId { get; }

    public string Name { get; internal set; }

    /// <summary>Changes on continue-as-new; work of an older execution is dropped.</summary>
    public string ExecutionId { get; internal set; }

    public OrchestrationStatus Status { get; internal set; } = OrchestrationStatus.Pending;

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastUpdatedAt { get; internal set; }

    public DateTimeOffset? CompletedAt { get; internal set; }

    public DateTimeOffset? ScheduledStartAt { get; internal set; }

    public string? Input { get; internal set; }

    public string? Output { get; internal set; }

    public string? CustomStatus { get; internal set; }

    public TaskFailureDetails? FailureDetails { get; internal set; }

    public string? ParentInstanceId { get; internal set; }

    internal ParentInstanceInfo? Parent { get; set; }

    internal Dictionary<string, string> Tags { get; } = [];

    /// <summary>Committed history of the current execution, in order.</summary>
    internal List<HistoryEvent> History { get; } = [];

    /// <summary>Events that arrived and wait for the next orchestrator work item.</summary>
    internal List<HistoryEvent> Inbox { get; } = [];

    /// <summary>Child instances started by this one (their ids), to refuse reuse while one still runs.</summary>
    internal HashSet<string> Children { get; } = [];

    /// <summary>The orchestrator work item in flight, if any: one per instance at a time.</summary>
    internal WorkTicket? InFlight { get; set; }

    /// <summary>Set once a start has been scheduled for later; the first work waits for that time.</summary>
    internal bool WaitingForScheduledStart { get; set; }

    /// <summary>The store's write of the instance's latest state: a caller acknowledges a change once it completes.</summary>
    internal Task Persisted { get; set; } = Task.CompletedTask;

    internal bool IsSuspended => Status == OrchestrationStatus.Suspended;

    public bool IsTerminal => IsTerminalStatus(Status);

    internal static bool IsTerminalStatus(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    internal WorkflowState ToState(bool withPayloads)
    {
        var state = new WorkflowState
        {
            InstanceId = InstanceId,
            Name = Name,
            WorkflowStatus = Status,
            CreatedTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(CreatedAt),
            LastUpdatedTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(LastUpdatedAt),
            ExecutionId = ExecutionId,
            FailureDetails = FailureDetails?.Clone(),
        };
        if (CompletedAt is { } completed)
        {
            state.CompletedTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(completed);
        }

        if (ScheduledStartAt is { } scheduled)
        {
            state.ScheduledStartTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(scheduled);
        }

        if (ParentInstanceId is not null)
        {
            state.ParentInstanceId = ParentInstanceId;
        }

        state.Tags.Add(Tags);
        if (withPayloads)
        {
            state.Input = Input;
            state.Output = Output;
            state.CustomStatus = CustomStatus;
        }

        return state;
    }
}
