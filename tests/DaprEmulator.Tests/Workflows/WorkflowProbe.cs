using System.Collections.Concurrent;

namespace DaprEmulator.Tests.Workflows;

/// <summary>What the test activities saw, in the order they ran.</summary>
public sealed class WorkflowProbe
{
    public ConcurrentQueue<(string Activity, string InstanceId, string Input)> Runs { get; } = new();

    public int RunsOf(string activity) => Runs.Count(r => r.Activity == activity);
}
