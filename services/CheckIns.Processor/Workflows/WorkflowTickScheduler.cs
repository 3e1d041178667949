using CheckIns.Processor.Actors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Starts the tick workflow of a wake-up; one already running for that deadline is the same tick.</summary>
public sealed class WorkflowTickScheduler(DaprWorkflowClient workflows) : ITickScheduler
{
    public async Task ScheduleAsync(string monitorKey, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.ScheduleNewWorkflowAsync(
                WorkflowNames.MonitorTick, WorkflowIds.Tick(monitorKey, deadline), new TickInput(monitorKey, deadline), null, cancellationToken);
        }
        catch (Exception ex) when (WorkflowErrors.IsAlreadyRunning(ex))
        {
        }
    }
}
