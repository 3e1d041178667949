using CheckIns.Processor.Clock;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Waits, inside a workflow, until the stream clock has passed a deadline (SEMANTICS R87): a wall-clock timer that
/// fires while the processor is behind its topic would otherwise decide before the check-ins that arrived in time
/// are read. The clock wakes the workflow when a delivery passes the time; <see cref="Recheck"/> bounds the wait
/// should that wake-up be lost. A constant: a workflow must decide the same way when it is replayed.
/// </summary>
public static class StreamClockSteps
{
    public static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The reading once the clock is at or past <paramref name="until"/> (with whether it lies in an outage); its clock
    /// is null when the stream clock is off (decide at the workflow's time).
    /// </summary>
    public static async Task<ClockReading> WaitPastAsync(WorkflowContext context, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (true)
        {
            var reading = await context.CallActivityAsync<ClockReading>(
                WorkflowNames.AwaitStreamClock, new ClockWait(context.InstanceId, until), Retries.UntilDone);
            if (reading.Passed)
            {
                return reading;
            }

            try
            {
                await context.WaitForExternalEventAsync<DateTimeOffset?>(WorkflowNames.StreamClockPassed, Recheck);
            }
            catch (TaskCanceledException)
            {
                // No wake-up within the recheck period: ask the clock again.
            }
        }
    }
}
