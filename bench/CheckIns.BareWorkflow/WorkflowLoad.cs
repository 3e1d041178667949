using System.Diagnostics;
using Dapr.Workflow;

namespace CheckIns.BareWorkflow;

/// <summary>Runs <c>count</c> operations with <c>inFlight</c> at a time and returns the rate per second.</summary>
public static class WorkflowLoad
{
    public static async Task<double> RateAsync(int count, int inFlight, Func<int, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Starts a workflow and waits (server-side) for it to complete; fails loudly if it did not.</summary>
    public static async Task RunWorkflowAsync(DaprWorkflowClient client, string instanceId, int input)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.ScheduleNewWorkflowAsync(nameof(NoopWorkflow), instanceId, input);
        var state = await client.WaitForWorkflowCompletionAsync(instanceId);
        if (state.RuntimeStatus != WorkflowRuntimeStatus.Completed || state.ReadOutputAs<int>() != input)
        {
            throw new InvalidOperationException($"workflow {instanceId} ended {state.RuntimeStatus} with {state.ReadOutputAs<int>()}, not {input}");
        }
    }
}
