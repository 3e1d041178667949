using CheckIns.Contracts;
using CheckIns.Processor.Subscriptions;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Schedules the check-in's workflow under the id derived from its message id and waits until it has applied the
/// check-in: told by the activity in this process, or else seen through the sidecar (the workflow's custom status,
/// or its completion). A redelivery of a check-in whose workflow still runs finds the id taken and waits for that
/// instance; one whose workflow completed starts it again, which applies nothing twice (the actor keeps the reply)
/// and publishes nothing twice (the events were acknowledged).
/// </summary>
public sealed partial class WorkflowCheckInRunner(
    DaprWorkflowClient workflows,
    CheckInSignals signals,
    TimeProvider time,
    IOptions<ProcessorOptions> options,
    ILogger<WorkflowCheckInRunner> logger) : ICheckInRunner
{
    public async Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = WorkflowIds.CheckIn(message.MessageId);
        var applied = signals.Register(id);
        using var timeout = new CancellationTokenSource(options.Value.CheckInWaitTimeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var running = false;
            try
            {
                await workflows.ScheduleNewWorkflowAsync(WorkflowNames.CheckIn, id, message, null, wait.Token);
            }
            catch (Exception ex) when (WorkflowErrors.IsAlreadyRunning(ex))
            {
                // A redelivery while the first delivery's workflow still runs: it is that instance's check-in.
                var state = await workflows.GetWorkflowStateAsync(id, getInputsAndOutputs: true, wait.Token);
                if (IsApplied(state))
                {
                    return CheckInRun.Done;
                }

                running = true;
            }

            // Told in this process (the common case), or else — the workflow runs in another replica, or did not
            // apply — seen through the sidecar once it has had time to finish.
            if (!running)
            {
                var told = await Task.WhenAny(applied, Task.Delay(options.Value.CheckInFallbackAfter, time, wait.Token));
                if (told == applied)
                {
                    return applied.Result;
                }
            }

            var completion = workflows.WaitForWorkflowCompletionAsync(id, getInputsAndOutputs: false, wait.Token);
            var first = await Task.WhenAny(applied, completion);
            if (first == applied)
            {
                _ = completion.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return applied.Result;
            }

            var completed = await completion;
            if (completed.RuntimeStatus == WorkflowRuntimeStatus.Completed)
            {
                return CheckInRun.Done;
            }

            var failure = completed.FailureDetails?.ErrorMessage ?? completed.RuntimeStatus.ToString();
            LogFailed(logger, id, message.MonitorKey, failure);
            return CheckInRun.Failed(failure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, id, message.MonitorKey, options.Value.CheckInWaitTimeout);
            return CheckInRun.Failed("timed out waiting for the check-in's workflow");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnreachable(logger, ex, id, message.MonitorKey);
            return CheckInRun.Failed(ex.Message);
        }
        finally
        {
            // Ends the fallback's delay and wait, whichever is still pending.
            await wait.CancelAsync();
            signals.Forget(id);
        }
    }

    private static bool IsApplied(WorkflowState state) =>
        state.RuntimeStatus == WorkflowRuntimeStatus.Completed
        || (state.IsWorkflowRunning && state.ReadCustomStatusAs<string>() == WorkflowNames.AppliedStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {InstanceId} of monitor {MonitorKey} did not apply its check-in: {Failure}; asking Dapr to retry it")]
    private static partial void LogFailed(ILogger logger, string instanceId, string monitorKey, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {InstanceId} of monitor {MonitorKey} did not apply its check-in within {Timeout}; asking Dapr to retry it")]
    private static partial void LogTimedOut(ILogger logger, string instanceId, string monitorKey, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {InstanceId} of monitor {MonitorKey} could not be scheduled or read; asking Dapr to retry it")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string instanceId, string monitorKey);
}
