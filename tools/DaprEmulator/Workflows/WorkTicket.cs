using Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// A work item handed to the workers of an app: an orchestrator turn or an activity. It keeps its
/// completion token until it completes; when its worker stream dies it is dispatched again under a new token.
/// </summary>
internal sealed class WorkTicket(string appId, string instanceId, string executionId, WorkItem item)
{
    public string AppId { get; } = appId;

    public string InstanceId { get; } = instanceId;

    public string ExecutionId { get; } = executionId;

    /// <summary>The message sent to the worker; its completion token is set at each dispatch.</summary>
    public WorkItem Item { get; } = item;

    public bool IsActivity => Item.RequestCase == WorkItem.RequestOneofCase.ActivityRequest;

    public string Token { get; set; } = "";

    /// <summary>The stream it was written to, while it is out with a worker.</summary>
    public WorkerStream? Stream { get; set; }

    /// <summary>Counts the ticket as work in flight for <c>WaitForIdleAsync</c> while a worker has it.</summary>
    public IDisposable? Busy { get; set; }

    public bool Completed { get; set; }

    /// <summary>For an orchestrator turn: the new events it carries, committed to history when it completes.</summary>
    public IReadOnlyList<HistoryEvent> NewEvents { get; init; } = [];
}
