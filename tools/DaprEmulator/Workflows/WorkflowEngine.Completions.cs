using Grpc.Core;
using Microsoft.Extensions.Logging;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>What the workers answer: orchestrator actions become history and new work; activity results become events.</summary>
public sealed partial class WorkflowEngine
{
    internal void CompleteOrchestrator(Proto.WorkflowResponse response)
    {
        var ticket = _dispatcher.Find(response.CompletionToken);
        if (ticket is null || ticket.IsActivity)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no such work item for workflow '{response.InstanceId}' (it was completed, or dispatched again)"));
        }

        var effects = new List<Action>();
        string instanceId = ticket.InstanceId;
        if (_store.TryGet(instanceId, out var instance))
        {
            lock (instance.Gate)
            {
                if (instance.InFlight == ticket)
                {
                    instance.InFlight = null;
                    Commit(instance, ticket.NewEvents);
                    ApplyActions(instance, ticket, response, effects);
                    Touch(instance);
                    TryDispatchLocked(instance);
                }
            }
        }

        foreach (var effect in effects)
        {
            effect();
        }

        Notify(instanceId);
        // Last, so that the work this turn started is already counted when the turn stops counting.
        _dispatcher.Complete(ticket);
    }

    internal void CompleteActivity(Proto.ActivityResponse response)
    {
        var ticket = _dispatcher.Find(response.CompletionToken);
        if (ticket is null || !ticket.IsActivity)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no such activity work item for workflow '{response.InstanceId}' (it was completed, or dispatched again)"));
        }

        var activity = ticket.Item.ActivityRequest;
        if (Faults.ConsumeActivityCompletionFailure(activity.Name))
        {
            // As when daprd loses the answer: the activity goes out again (at-least-once).
            _dispatcher.Redispatch(ticket);
            throw new RpcException(new Status(StatusCode.Internal, $"injected fault: the completion of activity '{activity.Name}' was lost"));
        }

        if (_store.TryGet(ticket.InstanceId, out var instance))
        {
            lock (instance.Gate)
            {
                if (instance.ExecutionId == ticket.ExecutionId && !instance.IsTerminal)
                {
                    instance.Inbox.Add(response.FailureDetails is { } failure
                        ? NewEvent(e => e.TaskFailed = new Proto.TaskFailedEvent { TaskScheduledId = activity.TaskId, FailureDetails = failure, TaskExecutionId = activity.TaskExecutionId })
                        : NewEvent(e => e.TaskCompleted = new Proto.TaskCompletedEvent { TaskScheduledId = activity.TaskId, Result = response.Result, TaskExecutionId = activity.TaskExecutionId }));
                    Touch(instance);
                    TryDispatchLocked(instance);
                }
            }
        }

        _dispatcher.Complete(ticket);
    }

    private void Commit(WorkflowInstanceState instance, IEnumerable<Proto.HistoryEvent> events)
    {
        var before = instance.History.Count;
        instance.History.AddRange(events);
        Interlocked.Add(ref _historyEvents, instance.History.Count - before);
    }

    private void Commit(WorkflowInstanceState instance, Proto.HistoryEvent e)
    {
        instance.History.Add(e);
        Interlocked.Increment(ref _historyEvents);
    }

    private void ApplyActions(WorkflowInstanceState instance, WorkTicket ticket, Proto.WorkflowResponse response, List<Action> effects)
    {
        if (instance.Status == Proto.OrchestrationStatus.Pending && ticket.NewEvents.Any(e => e.ExecutionStarted is not null))
        {
            instance.Status = Proto.OrchestrationStatus.Running;
        }

        if (response.CustomStatus is not null)
        {
            instance.CustomStatus = response.CustomStatus;
        }

        foreach (var action in response.Actions)
        {
            var router = new Proto.TaskRouter { SourceAppID = instance.AppId };
            var target = action.Router?.HasTargetAppID == true ? action.Router.TargetAppID : null;
            if (target is not null)
            {
                router.TargetAppID = target;
            }

            switch (action.WorkflowActionTypeCase)
            {
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.ScheduleTask:
                    ScheduleActivity(instance, action.Id, action.ScheduleTask, router, target ?? instance.AppId);
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.CreateTimer:
                    CreateTimer(instance, action.Id, action.CreateTimer, router);
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.CreateChildWorkflow:
                    CreateChild(instance, action.Id, action.CreateChildWorkflow, router, target ?? instance.AppId, effects);
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.CreateDetachedWorkflow:
                    CreateDetached(instance, action.Id, action.CreateDetachedWorkflow, router, target ?? instance.AppId, effects);
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.SendEvent:
                    var send = action.SendEvent;
                    Commit(instance, NewEvent(e => e.EventSent = new Proto.EventSentEvent { InstanceId = send.Instance?.InstanceId ?? "", Name = send.Name, Input = send.Data }, router, action.Id));
                    effects.Add(() => Quietly(() => RaiseEvent(send.Instance?.InstanceId ?? "", send.Name, send.Data)));
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.TerminateWorkflow:
                    var terminate = action.TerminateWorkflow;
                    effects.Add(() => Quietly(() => Terminate(terminate.InstanceId, terminate.Reason, terminate.Recurse)));
                    break;
                case Proto.WorkflowAction.WorkflowActionTypeOneofCase.CompleteWorkflow:
                    if (CompleteWorkflow(instance, ticket, action.Id, action.CompleteWorkflow, router, effects))
                    {
                        return; // continue-as-new starts over: what follows belongs to the old execution
                    }

                    break;
                default:
                    _logger.LogWarning("Workflow {InstanceId}: action {Kind} is not supported by the emulator and was ignored", instance.InstanceId, action.WorkflowActionTypeCase);
                    break;
            }
        }
    }

    private void ScheduleActivity(WorkflowInstanceState instance, int id, Proto.ScheduleTaskAction task, Proto.TaskRouter router, string appId)
    {
        var scheduled = new Proto.TaskScheduledEvent { Name = task.Name, Version = task.Version, Input = task.Input, TaskExecutionId = task.TaskExecutionId };
        Commit(instance, NewEvent(e => e.TaskScheduled = scheduled, router, id));
        DispatchActivity(instance, id, scheduled, appId);
    }

    private void DispatchActivity(WorkflowInstanceState instance, int id, Proto.TaskScheduledEvent task, string appId)
    {
        var request = new Proto.ActivityRequest
        {
            Name = task.Name,
            Version = task.Version,
            Input = task.Input,
            WorkflowInstance = new Proto.WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
            TaskId = id,
            TaskExecutionId = task.TaskExecutionId,
        };
        _dispatcher.Dispatch(new WorkTicket(appId, instance.InstanceId, instance.ExecutionId, new Proto.WorkItem { ActivityRequest = request }));
    }

    private void CreateTimer(WorkflowInstanceState instance, int id, Proto.CreateTimerAction timer, Proto.TaskRouter router)
    {
        var created = new Proto.TimerCreatedEvent { FireAt = timer.FireAt };
        if (timer.HasName)
        {
            created.Name = timer.Name;
        }

        switch (timer.OriginCase)
        {
            case Proto.CreateTimerAction.OriginOneofCase.CreateTimer: created.CreateTimer = timer.CreateTimer; break;
            case Proto.CreateTimerAction.OriginOneofCase.ExternalEvent: created.ExternalEvent = timer.ExternalEvent; break;
            case Proto.CreateTimerAction.OriginOneofCase.ActivityRetry: created.ActivityRetry = timer.ActivityRetry; break;
            case Proto.CreateTimerAction.OriginOneofCase.ChildWorkflowRetry: created.ChildWorkflowRetry = timer.ChildWorkflowRetry; break;
        }

        Commit(instance, NewEvent(e => e.TimerCreated = created, router, id));
        ArmTimer(instance, id, timer.FireAt);
    }

    /// <summary>Keeps the timer for its time, or fires it at once when that has passed.</summary>
    private void ArmTimer(WorkflowInstanceState instance, int id, Google.Protobuf.WellKnownTypes.Timestamp? at)
    {
        var fireAt = at?.ToDateTimeOffset() ?? _time.GetUtcNow();
        if (fireAt >= DateTimeOffset.MaxValue.AddDays(-1))
        {
            return; // the SDK's "wait forever" sentinel: never fires
        }

        if (!_timers.Schedule(new WorkflowTimer(instance.InstanceId, instance.ExecutionId, id, fireAt)))
        {
            instance.Inbox.Add(NewEvent(e => e.TimerFired = new Proto.TimerFiredEvent { TimerId = id, FireAt = at }));
        }
    }

    private void CreateChild(WorkflowInstanceState instance, int id, Proto.CreateChildWorkflowAction child, Proto.TaskRouter router, string appId, List<Action> effects)
    {
        var childId = string.IsNullOrEmpty(child.InstanceId) ? $"{instance.InstanceId}:{id:x4}" : child.InstanceId;
        Commit(instance, NewEvent(e => e.ChildWorkflowInstanceCreated = new Proto.ChildWorkflowInstanceCreatedEvent { InstanceId = childId, Name = child.Name, Version = child.Version, Input = child.Input }, router, id));
        instance.Children.Add(childId);
        var parent = new Proto.ParentInstanceInfo
        {
            TaskScheduledId = id,
            Name = instance.Name,
            WorkflowInstance = new Proto.WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
            AppID = instance.AppId,
        };
        var request = new Proto.CreateInstanceRequest { InstanceId = childId, Name = child.Name, Version = child.Version, Input = child.Input };
        effects.Add(() =>
        {
            try
            {
                Start(appId, request, parent);
            }
            catch (RpcException ex)
            {
                DeliverToParent(parent, NewEvent(e => e.ChildWorkflowInstanceFailed = new Proto.ChildWorkflowInstanceFailedEvent
                {
                    TaskScheduledId = id,
                    FailureDetails = new Proto.TaskFailureDetails { ErrorType = "ChildWorkflowStartFailed", ErrorMessage = ex.Status.Detail, IsNonRetriable = true },
                }));
            }
        });
    }

    private void CreateDetached(WorkflowInstanceState instance, int id, Proto.CreateDetachedWorkflowAction detached, Proto.TaskRouter router, string appId, List<Action> effects)
    {
        Commit(instance, NewEvent(e => e.DetachedWorkflowInstanceCreated = new Proto.DetachedWorkflowInstanceCreatedEvent { InstanceId = detached.InstanceId }, router, id));
        var request = new Proto.CreateInstanceRequest
        {
            InstanceId = detached.InstanceId,
            Name = detached.Name,
            Version = detached.Version,
            Input = detached.Input,
            ExecutionId = detached.ExecutionId,
            ScheduledStartTimestamp = detached.ScheduledStartTimestamp,
        };
        request.Tags.Add(detached.Tags);
        effects.Add(() => Quietly(() => Start(appId, request)));
    }

    /// <summary>Returns true when the workflow continued as new (the rest of the actions are dropped).</summary>
    private bool CompleteWorkflow(WorkflowInstanceState instance, WorkTicket ticket, int id, Proto.CompleteWorkflowAction complete, Proto.TaskRouter router, List<Action> effects)
    {
        if (instance.IsTerminal)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (complete.WorkflowStatus == Proto.OrchestrationStatus.ContinuedAsNew)
        {
            var waiting = instance.Inbox.ToList();
            instance.Inbox.Clear();
            instance.History.Clear();
            instance.ExecutionId = Guid.NewGuid().ToString("N");
            instance.Input = complete.Result;
            instance.Output = null;
            instance.FailureDetails = null;
            instance.Status = Proto.OrchestrationStatus.Running;
            var started = new Proto.ExecutionStartedEvent
            {
                Name = instance.Name,
                Input = complete.Result,
                WorkflowInstance = new Proto.WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
                ParentInstance = instance.Parent,
            };
            instance.Inbox.Add(NewEvent(e => e.ExecutionStarted = started, router));
            instance.Inbox.AddRange(complete.CarryoverEvents);
            instance.Inbox.AddRange(waiting);
            return true;
        }

        if (complete.WorkflowStatus == Proto.OrchestrationStatus.Stalled)
        {
            instance.Status = Proto.OrchestrationStatus.Stalled;
            _logger.LogWarning("Workflow {InstanceId} stalled: {Details}", instance.InstanceId, complete.Details);
            return false;
        }

        var output = complete.Result;
        if (complete.WorkflowStatus == Proto.OrchestrationStatus.Terminated && string.IsNullOrEmpty(output))
        {
            output = ticket.NewEvents.LastOrDefault(e => e.ExecutionTerminated is not null)?.ExecutionTerminated.Input;
        }

        Commit(instance, NewEvent(e => e.ExecutionCompleted = new Proto.ExecutionCompletedEvent { WorkflowStatus = complete.WorkflowStatus, Result = output, FailureDetails = complete.FailureDetails }, router, id));
        instance.Status = complete.WorkflowStatus;
        instance.Output = output;
        instance.FailureDetails = complete.FailureDetails;
        instance.CompletedAt = now;
        instance.Inbox.Clear();
        Interlocked.Increment(ref _instancesCompleted);
        if (PurgeTimerLocked(instance) is { } purge)
        {
            effects.Add(() => ScheduleRetention(purge));
        }

        if (instance.Parent is { } parent)
        {
            var status = complete.WorkflowStatus;
            var failure = complete.FailureDetails;
            effects.Add(() => DeliverToParent(parent, status == Proto.OrchestrationStatus.Completed
                ? NewEvent(e => e.ChildWorkflowInstanceCompleted = new Proto.ChildWorkflowInstanceCompletedEvent { TaskScheduledId = parent.TaskScheduledId, Result = output })
                : NewEvent(e => e.ChildWorkflowInstanceFailed = new Proto.ChildWorkflowInstanceFailedEvent
                {
                    TaskScheduledId = parent.TaskScheduledId,
                    FailureDetails = failure ?? new Proto.TaskFailureDetails { ErrorType = status.ToString(), ErrorMessage = $"child workflow '{instance.InstanceId}' ended {status}" },
                })));
        }

        return false;
    }

    private void DeliverToParent(Proto.ParentInstanceInfo parent, Proto.HistoryEvent e)
    {
        if (!_store.TryGet(parent.WorkflowInstance?.InstanceId ?? "", out var instance))
        {
            return;
        }

        lock (instance.Gate)
        {
            if (instance.ExecutionId != parent.WorkflowInstance!.ExecutionId || instance.IsTerminal)
            {
                return;
            }

            instance.Inbox.Add(e);
            Touch(instance);
            TryDispatchLocked(instance);
        }

        Notify(instance.InstanceId);
    }

    private void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (RpcException ex)
        {
            _logger.LogWarning("Workflow action not applied: {Message}", ex.Status.Detail);
        }
    }
}
