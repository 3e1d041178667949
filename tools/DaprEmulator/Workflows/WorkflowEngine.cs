using System.Collections.Concurrent;
using DaprEmulator.Core;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// The workflow building block of the emulated sidecars: instances with their history, orchestrator and
/// activity work items for the owning app's workers, durable timers on the cluster's clock. Each instance
/// has its own gate (never held across an await) and at most one orchestrator work item out at a time;
/// events that arrive meanwhile wait in its inbox for the next one.
/// </summary>
public sealed partial class WorkflowEngine : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IWorkflowStore _store;
    private readonly WorkDispatcher _dispatcher;
    private readonly WorkflowTimers _timers;
    private readonly Lock _startGate = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changed = new(StringComparer.Ordinal);
    private long _instancesStarted;
    private long _instancesCompleted;
    private long _historyEvents;

    public WorkflowEngine(TimeProvider time, WorkTracker work, ILogger logger, Func<string, bool> appRunning, IWorkflowStore? store = null)
    {
        _time = time;
        _logger = logger;
        _store = store ?? new InMemoryWorkflowStore();
        _dispatcher = new WorkDispatcher(work, appRunning);
        _timers = new WorkflowTimers(time, FireTimer);
        Recover();
    }

    /// <summary>Fault injection: lost activity completions.</summary>
    public WorkflowFaults Faults { get; } = new();

    public WorkflowStats Stats => new(
        Interlocked.Read(ref _instancesStarted),
        Interlocked.Read(ref _instancesCompleted),
        _dispatcher.OrchestratorSent,
        _dispatcher.ActivitySent,
        Interlocked.Read(ref _historyEvents));

    /// <summary>Timers waiting for their time (durable timers, event timeouts, delayed starts).</summary>
    public int PendingTimers => _timers.Count;

    /// <summary>Work items waiting for a worker of an app that runs: counted as busy by WaitForIdleAsync.</summary>
    public int WaitingForWorkers => _dispatcher.WaitingForRunningApps();

    public int ConnectedWorkers(string appId) => _dispatcher.ConnectedWorkers(appId);

    /// <summary>
    /// Ends the <c>GetWorkItems</c> streams of <paramref name="appId"/>'s workers as a broken connection would;
    /// the work they held goes out again when a worker reconnects. Returns how many streams were dropped.
    /// </summary>
    public int DropWorkerStreams(string appId) => _dispatcher.Drop(appId);

    /// <summary>A snapshot of an instance (status, payloads, history), or null when there is none.</summary>
    public WorkflowInstanceInfo? GetInstance(string instanceId)
    {
        if (!_store.TryGet(instanceId, out var instance))
        {
            return null;
        }

        lock (instance.Gate)
        {
            return WorkflowInstanceInfo.From(instance);
        }
    }

    public IReadOnlyList<string> InstanceIds() => _store.InstanceIds();

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_time.GetUtcNow());

    private Proto.HistoryEvent NewEvent(Action<Proto.HistoryEvent> set, Proto.TaskRouter? router = null, int eventId = -1)
    {
        var e = new Proto.HistoryEvent { EventId = eventId, Timestamp = Now() };
        set(e);
        if (router is not null)
        {
            e.Router = router;
        }

        return e;
    }

    // ---- client API ----

    internal string Start(string appId, Proto.CreateInstanceRequest request, Proto.ParentInstanceInfo? parent = null)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "workflow name is required"));
        }

        var instanceId = string.IsNullOrEmpty(request.InstanceId) ? Guid.NewGuid().ToString("N") : request.InstanceId;
        var executionId = string.IsNullOrEmpty(request.ExecutionId) ? Guid.NewGuid().ToString("N") : request.ExecutionId;
        var now = _time.GetUtcNow();
        lock (_startGate)
        {
            if (_store.TryGet(instanceId, out var existing) && IsActive(existing, 0))
            {
                // daprd: an id may be reused only once its instance (and every child) is terminal; then it is replaced.
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"an active workflow with ID '{instanceId}' already exists"));
            }

            var instance = new WorkflowInstanceState(instanceId, appId, request.Name, executionId, now)
            {
                Input = request.Input,
                Parent = parent,
                ParentInstanceId = parent?.WorkflowInstance?.InstanceId,
            };
            foreach (var (key, value) in request.Tags)
            {
                instance.Tags[key] = value;
            }

            var started = new Proto.ExecutionStartedEvent
            {
                Name = request.Name,
                Version = request.Version,
                Input = request.Input,
                WorkflowInstance = new Proto.WorkflowInstance { InstanceId = instanceId, ExecutionId = executionId },
                ParentInstance = parent,
                ScheduledStartTimestamp = request.ScheduledStartTimestamp,
                ParentTraceContext = request.ParentTraceContext,
            };
            started.Tags.Add(request.Tags);
            lock (instance.Gate)
            {
                instance.Inbox.Add(NewEvent(e => e.ExecutionStarted = started, new Proto.TaskRouter { SourceAppID = appId }));
                if (request.ScheduledStartTimestamp is { } at && at.ToDateTimeOffset() > now)
                {
                    instance.ScheduledStartAt = at.ToDateTimeOffset();
                    instance.WaitingForScheduledStart = true;
                    _timers.Schedule(new WorkflowTimer(instanceId, executionId, -1, at.ToDateTimeOffset(), IsScheduledStart: true));
                }

                instance.Persisted = _store.Save(instance);
                Interlocked.Increment(ref _instancesStarted);
                TryDispatchLocked(instance);
            }
        }

        Notify(instanceId);
        _logger.LogDebug("Workflow {InstanceId} ({Name}) started for {AppId}", instanceId, request.Name, appId);
        return instanceId;
    }

    /// <summary>Not terminal, or a child (at any depth) is not terminal.</summary>
    private bool IsActive(WorkflowInstanceState instance, int depth)
    {
        List<string> children;
        lock (instance.Gate)
        {
            if (!instance.IsTerminal)
            {
                return true;
            }

            children = [.. instance.Children];
        }

        return depth < 32 && children.Any(c => _store.TryGet(c, out var child) && IsActive(child, depth + 1));
    }

    internal Proto.GetInstanceResponse Get(string instanceId, bool withPayloads)
    {
        if (!_store.TryGet(instanceId, out var instance))
        {
            return new Proto.GetInstanceResponse { Exists = false };
        }

        lock (instance.Gate)
        {
            return new Proto.GetInstanceResponse { Exists = true, WorkflowState = instance.ToState(withPayloads) };
        }
    }

    /// <summary>Blocks until the instance satisfies <paramref name="done"/> (server-side, like daprd ≥ 1.18).</summary>
    internal async Task<Proto.GetInstanceResponse> WaitAsync(string instanceId, bool withPayloads, Func<WorkflowInstanceState, bool> done, CancellationToken ct)
    {
        while (true)
        {
            var changed = _changed.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_store.TryGet(instanceId, out var instance))
            {
                lock (instance.Gate)
                {
                    if (done(instance))
                    {
                        return new Proto.GetInstanceResponse { Exists = true, WorkflowState = instance.ToState(withPayloads) };
                    }
                }
            }

            await changed.Task.WaitAsync(ct);
        }
    }

    internal static bool HasStarted(WorkflowInstanceState instance) => instance.Status != Proto.OrchestrationStatus.Pending;

    internal static bool HasFinished(WorkflowInstanceState instance) => instance.IsTerminal;

    internal void RaiseEvent(string instanceId, string name, string? input)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "event name is required"));
        }

        var instance = Require(instanceId);
        lock (instance.Gate)
        {
            if (instance.IsTerminal)
            {
                _logger.LogDebug("Event {Name} for finished workflow {InstanceId} dropped", name, instanceId);
                return;
            }

            instance.Inbox.Add(NewEvent(e => e.EventRaised = new Proto.EventRaisedEvent { Name = name, Input = input }));
            Touch(instance);
            TryDispatchLocked(instance);
        }
    }

    internal void Terminate(string instanceId, string? output, bool recursive)
    {
        var instance = Require(instanceId);
        List<string> children;
        lock (instance.Gate)
        {
            children = recursive ? [.. instance.Children] : [];
            if (!instance.IsTerminal && !instance.Inbox.Any(e => e.ExecutionTerminated is not null))
            {
                instance.Inbox.Add(NewEvent(e => e.ExecutionTerminated = new Proto.ExecutionTerminatedEvent { Input = output, Recurse = recursive }));
                instance.WaitingForScheduledStart = false;
                Touch(instance);
                TryDispatchLocked(instance);
            }
        }

        foreach (var child in children)
        {
            if (_store.TryGet(child, out _))
            {
                Terminate(child, output, recursive: true);
            }
        }
    }

    internal void Suspend(string instanceId, string? reason)
    {
        var instance = Require(instanceId);
        lock (instance.Gate)
        {
            if (instance.IsTerminal || instance.IsSuspended)
            {
                return;
            }

            instance.Status = Proto.OrchestrationStatus.Suspended;
            instance.Inbox.Add(NewEvent(e => e.ExecutionSuspended = new Proto.ExecutionSuspendedEvent { Input = reason }));
            Touch(instance);
            TryDispatchLocked(instance);
        }

        Notify(instanceId);
    }

    internal void Resume(string instanceId, string? reason)
    {
        var instance = Require(instanceId);
        lock (instance.Gate)
        {
            if (!instance.IsSuspended)
            {
                return;
            }

            instance.Status = Proto.OrchestrationStatus.Running;
            instance.Inbox.Add(NewEvent(e => e.ExecutionResumed = new Proto.ExecutionResumedEvent { Input = reason }));
            Touch(instance);
            TryDispatchLocked(instance);
        }

        Notify(instanceId);
    }

    /// <summary>Removes a finished instance (and with <paramref name="recursive"/> its children); returns how many were removed, once the removals are durable.</summary>
    internal async Task<int> PurgeAsync(string instanceId, bool recursive, bool force)
    {
        var writes = new List<Task>();
        var purged = Purge(instanceId, recursive, force, writes);
        await Durably(Task.WhenAll(writes), instanceId);
        return purged;
    }

    private int Purge(string instanceId, bool recursive, bool force, List<Task> writes)
    {
        if (!_store.TryGet(instanceId, out var instance))
        {
            return 0;
        }

        List<string> children;
        lock (instance.Gate)
        {
            if (!instance.IsTerminal && !force)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"unable to purge workflow '{instanceId}': the workflow is not in a terminal state"));
            }

            children = recursive ? [.. instance.Children] : [];
            instance.Inbox.Clear();
            writes.Add(_store.Remove(instanceId).Written);
        }

        Notify(instanceId);
        return 1 + children.Sum(c => Purge(c, recursive: true, force, writes));
    }

    internal IReadOnlyList<Proto.HistoryEvent> History(string instanceId)
    {
        var instance = Require(instanceId);
        lock (instance.Gate)
        {
            return [.. instance.History];
        }
    }

    private WorkflowInstanceState Require(string instanceId) =>
        _store.TryGet(instanceId, out var instance)
            ? instance
            : throw new RpcException(new Status(StatusCode.NotFound, $"no such instance exists: '{instanceId}'"));

    private void Touch(WorkflowInstanceState instance)
    {
        instance.LastUpdatedAt = _time.GetUtcNow();
        instance.Persisted = _store.Save(instance);
    }

    /// <summary>
    /// Completes once the instance's latest state is durable (at once in memory): a client call that changed it is
    /// answered after this, so what the local run acknowledged survives a crash of the emulator.
    /// </summary>
    internal Task PersistedAsync(string instanceId)
    {
        if (!_store.TryGet(instanceId, out var instance))
        {
            return Task.CompletedTask;
        }

        Task written;
        lock (instance.Gate)
        {
            written = instance.Persisted;
        }

        return written.IsCompletedSuccessfully ? written : Durably(written, instanceId);
    }

    private static async Task Durably(Task written, string instanceId)
    {
        try
        {
            await written;
        }
        catch (DaprEmulator.Storage.DurableStoreException ex)
        {
            // As daprd when its actor state store refuses the write: the call fails, and the caller retries.
            throw new RpcException(new Status(StatusCode.Unavailable, $"workflow '{instanceId}' could not be stored: {ex.Message}"));
        }
    }

    private void Notify(string instanceId)
    {
        if (_changed.TryRemove(instanceId, out var changed))
        {
            changed.TrySetResult();
        }
    }

    // ---- workers ----

    internal WorkerStream Connect(string appId, object via)
    {
        _logger.LogDebug("Workflow worker of {AppId} connected", appId);
        return _dispatcher.Connect(appId, via);
    }

    /// <summary>The app behind a sidecar stopped: its worker streams end at once (the worker's own goodbye may come later).</summary>
    internal void DisconnectWorkersVia(object sidecar) => _dispatcher.DisconnectVia(sidecar);

    internal void Disconnect(WorkerStream stream)
    {
        _logger.LogDebug("Workflow worker of {AppId} disconnected", stream.AppId);
        _dispatcher.Disconnect(stream);
    }

    /// <summary>Sends the next orchestrator work item when none is out and the inbox holds events it may take.</summary>
    private void TryDispatchLocked(WorkflowInstanceState instance)
    {
        if (instance.InFlight is not null || instance.Inbox.Count == 0 || instance.WaitingForScheduledStart || instance.IsTerminal)
        {
            return;
        }

        // A suspended instance takes only what changes its suspension; the rest waits for the resume.
        if (instance.IsSuspended && !instance.Inbox.Any(e => e.ExecutionResumed is not null || e.ExecutionTerminated is not null || e.ExecutionSuspended is not null))
        {
            return;
        }

        List<Proto.HistoryEvent> newEvents = [NewEvent(e => e.WorkflowStarted = new Proto.WorkflowStartedEvent())];
        newEvents.AddRange(instance.Inbox);
        instance.Inbox.Clear();
        var request = new Proto.WorkflowRequest { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId };
        request.PastEvents.AddRange(instance.History);
        request.NewEvents.AddRange(newEvents);
        var ticket = new WorkTicket(instance.AppId, instance.InstanceId, instance.ExecutionId, new Proto.WorkItem { WorkflowRequest = request })
        {
            NewEvents = newEvents,
        };
        instance.InFlight = ticket;
        _dispatcher.Dispatch(ticket);
    }

    private void FireTimer(WorkflowTimer timer)
    {
        if (timer.IsRetention)
        {
            PurgeEnded(timer);
            return;
        }

        if (!_store.TryGet(timer.InstanceId, out var instance))
        {
            return;
        }

        lock (instance.Gate)
        {
            if (instance.ExecutionId != timer.ExecutionId || instance.IsTerminal)
            {
                return;
            }

            if (timer.IsScheduledStart)
            {
                instance.WaitingForScheduledStart = false;
            }
            else
            {
                instance.Inbox.Add(NewEvent(e => e.TimerFired = new Proto.TimerFiredEvent { TimerId = timer.TimerId, FireAt = Timestamp.FromDateTimeOffset(timer.FireAt) }));
            }

            Touch(instance);
            TryDispatchLocked(instance);
        }
    }

    public void Dispose() => _timers.Dispose();
}
