using Dapr.Workflow;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowFaultTests
{
    [Fact]
    public async Task An_app_restarted_in_the_middle_of_a_workflow_gets_its_pending_work_again_and_completes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), "restart", "r");
        await h.Dapr.WaitForIdleAsync(ct);

        await h.Dapr.StopAppAsync("wf-app");
        Assert.Equal(0, h.Dapr.Workflows.ConnectedWorkers("wf-app"));
        h.Time.Advance(TimeSpan.FromHours(1)); // the timer fires while no worker is there
        await h.Dapr.WaitForIdleAsync(ct);
        await h.Dapr.RestartAppAsync("wf-app", ct);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Contains("TimerFired", h.Dapr.Workflows.GetInstance(id)!.HistoryKinds);

        await h.Client.RaiseEventAsync(id, "approval", "after restart", ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("r>a!>b!>c!|after restart|", done.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.Equal(3, h.Probe.RunsOf(nameof(AppendActivity))); // finished activities are not run again
    }

    [Fact]
    public async Task An_activity_in_flight_when_its_app_stops_runs_again_once_the_app_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(GateWorkflow), "in-flight", "job");
        await h.Probe.GateReached.Task.WaitAsync(ct);

        await h.Dapr.StopAppAsync("wf-app");
        await h.Dapr.RestartAppAsync("wf-app", ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("job passed", done.ReadOutputAs<string>());
        Assert.Equal(2, h.Probe.RunsOf(nameof(GateActivity))); // at-least-once
    }

    [Fact]
    public async Task A_dropped_worker_stream_reconnects_and_the_work_it_held_is_dispatched_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(GateWorkflow), "dropped", "job");
        await h.Probe.GateReached.Task.WaitAsync(ct);

        Assert.Equal(1, h.Dapr.Workflows.DropWorkerStreams("wf-app"));
        // The SDK reconnects after its own five-second back-off (wall clock, not the emulator's).
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("job passed", done.ReadOutputAs<string>());
        Assert.Equal(2, h.Probe.RunsOf(nameof(GateActivity)));
        Assert.Equal(2, h.Dapr.Workflows.Stats.ActivityWorkItems);
    }

    [Fact]
    public async Task A_lost_activity_completion_sends_the_activity_again_and_the_workflow_still_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        h.Dapr.Workflows.Faults.FailNextActivityCompletions(2, nameof(SquareActivity));

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "lossy", 7);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(49, done.ReadOutputAs<int>());
        Assert.Equal(3, h.Probe.RunsOf(nameof(SquareActivity)));
        Assert.Equal(3, h.Dapr.Workflows.Stats.ActivityWorkItems);
    }
}
