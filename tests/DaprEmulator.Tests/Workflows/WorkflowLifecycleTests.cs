using Dapr.Workflow;
using Grpc.Core;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowLifecycleTests
{
    private static readonly WaitPlan Forever = new(DelayMinutes: 0, TimeoutMinutes: 0);

    [Fact]
    public async Task A_terminated_workflow_ends_terminated_with_the_given_output()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "term", Forever);
        await h.Dapr.WaitForIdleAsync(ct);

        await h.Client.TerminateWorkflowAsync(id, "stopped by operator", ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(WorkflowRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by operator", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_suspended_workflow_holds_its_events_until_it_is_resumed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "pause", Forever);
        await h.Dapr.WaitForIdleAsync(ct);

        await h.Client.SuspendWorkflowAsync(id, "maintenance", ct);
        await h.Client.RaiseEventAsync(id, "go", "held", ct);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Suspended, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);
        Assert.DoesNotContain("EventRaised", h.Dapr.Workflows.GetInstance(id)!.HistoryKinds);

        await h.Client.ResumeWorkflowAsync(id, "done", ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("held", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purge_removes_a_finished_workflow_and_refuses_a_running_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var running = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "still-running", Forever);
        var finished = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "finished", 4);
        await h.Client.WaitForWorkflowCompletionAsync(finished, cancellation: ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => h.Client.PurgeInstanceAsync(running, ct));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.True(await h.Client.PurgeInstanceAsync(finished, ct));

        Assert.False((await h.Client.GetWorkflowStateAsync(finished, cancellation: ct)).Exists);
        Assert.Null(h.Dapr.Workflows.GetInstance(finished));
        Assert.True((await h.Client.GetWorkflowStateAsync(running, cancellation: ct)).Exists);
        Assert.False(await h.Client.PurgeInstanceAsync(finished, ct));
    }

    [Fact]
    public async Task Starting_a_running_id_fails_and_starting_a_finished_id_replaces_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "reused", Forever);
        await h.Dapr.WaitForIdleAsync(ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), id, Forever));
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("an active workflow with ID 'reused' already exists", refused.Status.Detail, StringComparison.Ordinal);

        await h.Client.RaiseEventAsync(id, "go", "first", ct);
        Assert.Equal("first", (await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct)).ReadOutputAs<string>());
        var firstExecution = h.Dapr.Workflows.GetInstance(id)!.ExecutionId;

        await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), id, Forever);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);
        await h.Client.RaiseEventAsync(id, "go", "second", ct);
        var second = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.Equal("second", second.ReadOutputAs<string>());
        var info = h.Dapr.Workflows.GetInstance(id)!;
        Assert.NotEqual(firstExecution, info.ExecutionId);
        Assert.Single(info.History, e => e.EventRaised is not null); // the first run's history was overwritten
    }

    [Fact]
    public async Task A_parent_whose_child_still_runs_cannot_be_started_again_even_once_the_parent_is_terminated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ParentWorkflow), "p", "x");
        await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        // Replace the finished child with a running workflow under the child's id: the parent is terminal, its child is not.
        await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "p-child", Forever);
        await h.Dapr.WaitForIdleAsync(ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => h.Client.ScheduleNewWorkflowAsync(nameof(ParentWorkflow), id, "y"));
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
    }
}
