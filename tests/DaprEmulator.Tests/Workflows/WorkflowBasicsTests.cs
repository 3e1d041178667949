using Dapr.DurableTask.Protobuf;
using Dapr.Workflow;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowBasicsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_chain_of_activities_a_durable_timer_and_an_external_event_complete_through_the_real_SDK()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(Start);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var probe = new WorkflowProbe();
        var app = await WorkflowApps.StartAsync(dapr, probe);
        var client = app.Client();

        var id = await client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), "chain-1", "x");
        Assert.Equal("chain-1", id);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal(["x>a", "x>a!>b", "x>a!>b!>c"], probe.Runs.Select(r => r.Input));
        var running = await client.GetWorkflowStateAsync(id, cancellation: ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, running.RuntimeStatus);
        Assert.DoesNotContain(nameof(HistoryEvent.TimerFired), dapr.Workflows.GetInstance(id)!.HistoryKinds);

        time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.DoesNotContain(nameof(HistoryEvent.TimerFired), dapr.Workflows.GetInstance(id)!.HistoryKinds);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.Contains(nameof(HistoryEvent.TimerFired), dapr.Workflows.GetInstance(id)!.HistoryKinds);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);

        await client.RaiseEventAsync(id, "approval", "yes", ct);
        var done = await client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"x>a!>b!>c!|yes|{Start.AddHours(1).UtcDateTime:O}", done.ReadOutputAs<string>());
        var stats = dapr.Workflows.Stats;
        Assert.Equal((1, 1, 3), (stats.InstancesStarted, stats.InstancesCompleted, stats.ActivityWorkItems));
        Assert.Equal(stats.HistoryEventsStored, dapr.Workflows.GetInstance(id)!.History.Count);
    }
}
