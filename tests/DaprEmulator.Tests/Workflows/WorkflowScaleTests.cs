using System.Diagnostics;
using Dapr.Workflow;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_thousand_workflows_started_at_once_all_complete()
    {
        const int count = 2000;
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var client = h.Client;

        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), $"many-{i}", i % 100)));
        var results = await Task.WhenAll(ids.Select(id => client.WaitForWorkflowCompletionAsync(id, cancellation: ct)));
        clock.Stop();

        output.WriteLine($"{count} workflows (one activity each) started and completed in {clock.Elapsed.TotalSeconds:F2} s ({count / clock.Elapsed.TotalSeconds:F0}/s)");
        Assert.All(results, r => Assert.Equal(WorkflowRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (i % 100) * (i % 100)), results.Select(r => r.ReadOutputAs<int>()));
        var stats = h.Dapr.Workflows.Stats;
        Assert.Equal((count, count, count), (stats.InstancesStarted, stats.InstancesCompleted, stats.ActivityWorkItems));
    }

    [Fact]
    public async Task Two_apps_each_run_only_the_workflows_started_through_their_own_sidecar()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var (probeA, probeB) = (new WorkflowProbe(), new WorkflowProbe());
        var a = await WorkflowApps.StartAsync(dapr, probeA, "wf-a");
        var b = await WorkflowApps.StartAsync(dapr, probeB, "wf-b");

        var fromA = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => a.Client().ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), $"a-{i}", i)));
        var fromB = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => b.Client().ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), $"b-{i}", i)));
        await Task.WhenAll(fromA.Select(id => a.Client().WaitForWorkflowCompletionAsync(id, cancellation: ct)));
        await Task.WhenAll(fromB.Select(id => b.Client().WaitForWorkflowCompletionAsync(id, cancellation: ct)));

        Assert.Equal(fromA.Order(), probeA.Runs.Select(r => r.InstanceId).Order());
        Assert.Equal(fromB.Order(), probeB.Runs.Select(r => r.InstanceId).Order());
        Assert.All(fromA, id => Assert.Equal("wf-a", dapr.Workflows.GetInstance(id)!.AppId));
    }
}
