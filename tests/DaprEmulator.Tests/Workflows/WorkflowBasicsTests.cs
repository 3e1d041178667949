using Dapr.DurableTask.Protobuf;
using Dapr.Workflow;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowBasicsTests
{
    private static readonly DateTimeOffset Start = WorkflowApps.Epoch;

    [Fact]
    public async Task A_chain_of_activities_a_durable_timer_and_an_external_event_complete_through_the_real_SDK()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var (dapr, time, probe, client) = (h.Dapr, h.Time, h.Probe, h.Client);

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

    [Fact]
    public async Task Fan_out_of_a_hundred_activities_fans_in_to_their_sum()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(FanOutWorkflow), "fan-1", 100);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 100).Sum(i => i * i), done.ReadOutputAs<int>());
        Assert.Equal(100, h.Probe.RunsOf(nameof(SquareActivity)));
        Assert.Equal(100, h.Dapr.Workflows.Stats.ActivityWorkItems);
    }

    [Fact]
    public async Task An_event_raised_before_the_workflow_waits_for_it_is_kept_until_it_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "early", new WaitPlan(DelayMinutes: 5, TimeoutMinutes: 10));
        await h.Dapr.WaitForIdleAsync(ct);
        await h.Client.RaiseEventAsync(id, "go", "early bird", ct);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("early bird", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_event_raised_while_the_workflow_waits_completes_the_wait()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "late", new WaitPlan(DelayMinutes: 0, TimeoutMinutes: 0));
        await h.Dapr.WaitForIdleAsync(ct);
        h.Time.Advance(TimeSpan.FromDays(30));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);

        await h.Client.RaiseEventAsync(id, "go", "at last", ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("at last", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_event_that_never_arrives_times_out_once_the_clock_passes_the_timeout_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "never", new WaitPlan(DelayMinutes: 0, TimeoutMinutes: 10));
        await h.Dapr.WaitForIdleAsync(ct);
        h.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal($"timeout at {Start.AddMinutes(10).UtcDateTime:O}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_child_workflow_runs_and_its_result_returns_to_the_parent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ParentWorkflow), "family", "kid");
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("parent(child(kid!))", done.ReadOutputAs<string>());
        var child = h.Dapr.Workflows.GetInstance("family-child")!;
        Assert.Equal(("COMPLETED", "family"), (child.RuntimeStatus, child.ParentInstanceId));
        Assert.Equal(2, h.Dapr.Workflows.Stats.InstancesCompleted);
    }

    [Fact]
    public async Task Continue_as_new_restarts_the_workflow_with_a_fresh_history_until_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(LoopWorkflow), "loop", 1);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(["1", "2", "3"], h.Probe.Runs.Select(r => r.Input));
        var info = h.Dapr.Workflows.GetInstance(id)!;
        Assert.Equal("3", info.Input);
        Assert.Single(info.History, e => e.TaskScheduled is not null); // only the last execution's history
        Assert.Equal(1, h.Dapr.Workflows.Stats.InstancesCompleted);
    }

    [Fact]
    public async Task A_failing_activity_is_retried_by_its_policy_on_the_clock_then_fails_the_workflow_with_its_details()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(RetryWorkflow), "flaky", "order-7");
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, h.Probe.RunsOf(nameof(FailingActivity)));
        h.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, h.Probe.RunsOf(nameof(FailingActivity)));
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(2, h.Probe.RunsOf(nameof(FailingActivity)));
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(3, h.Probe.RunsOf(nameof(FailingActivity)));
        Assert.Equal(WorkflowRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("boom on order-7", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var state = await h.Client.GetWorkflowStateAsync(id, cancellation: ct);
        Assert.Contains("boom on order-7", state.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
