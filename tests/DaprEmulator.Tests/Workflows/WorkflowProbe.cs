using System.Collections.Concurrent;

namespace DaprEmulator.Tests.Workflows;

/// <summary>What the test activities saw, in the order they ran; and a gate an activity can wait at.</summary>
public sealed class WorkflowProbe
{
    public ConcurrentQueue<(string Activity, string InstanceId, string Input)> Runs { get; } = new();

    public TaskCompletionSource GateReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string activity, string instanceId, string input) => Runs.Enqueue((activity, instanceId, input));

    public int RunsOf(string activity) => Runs.Count(r => r.Activity == activity);
}
