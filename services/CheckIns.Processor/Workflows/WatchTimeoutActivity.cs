using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Starts, extends or ends the durable wait of a running check-in. Starting an id whose wait still runs fails, so
/// the new timeout_at is raised on it instead (a heartbeat); a wait that already ended is replaced by a new one (a
/// heartbeat after a timeout re-opens the check-in, SEMANTICS Q5). Ending a wait that is no longer there is fine.
/// </summary>
public sealed class WatchTimeoutActivity(DaprWorkflowClient workflows, CheckInSignals signals) : WorkflowActivity<TimeoutWatch, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, TimeoutWatch input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = WorkflowIds.Timeout(input.MonitorKey, input.Environment, input.CheckInId);
        if (input.TimeoutAt is { } timeoutAt)
        {
            try
            {
                await workflows.ScheduleNewWorkflowAsync(
                    WorkflowNames.CheckInTimeout, id, new TimeoutWaitInput(input.MonitorKey, input.Environment, input.CheckInId, timeoutAt));
            }
            catch (Exception ex) when (WorkflowErrors.IsAlreadyRunning(ex))
            {
                await workflows.RaiseEventAsync(id, WorkflowNames.CheckInSignal, new CheckInSignal(timeoutAt, Closed: false));
            }
        }
        else
        {
            try
            {
                await workflows.RaiseEventAsync(id, WorkflowNames.CheckInSignal, new CheckInSignal(null, Closed: true));
            }
            catch (Exception ex) when (WorkflowErrors.IsRpc(ex))
            {
                // Nothing waits any more (it timed out, or was never started): nothing to end. Anything else is retried.
                var state = await workflows.GetWorkflowStateAsync(id, getInputsAndOutputs: false);
                if (state is { Exists: true, IsWorkflowCompleted: false })
                {
                    throw;
                }
            }
        }

        signals.Applied(context.InstanceId);
        return true;
    }
}
