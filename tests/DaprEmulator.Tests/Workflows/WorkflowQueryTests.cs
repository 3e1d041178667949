using Dapr.Workflow;

namespace DaprEmulator.Tests.Workflows;

public sealed class WorkflowQueryTests
{
    [Fact]
    public async Task A_workflow_scheduled_for_later_stays_pending_until_the_clock_reaches_its_start_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "later", 5, WorkflowApps.Epoch.AddHours(2), ct);
        await h.Dapr.WaitForIdleAsync(ct);
        h.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMilliseconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Pending, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);
        Assert.Equal(0, h.Probe.RunsOf(nameof(SquareActivity)));

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var started = await h.Client.WaitForWorkflowStartAsync(id, cancellation: ct);
        var done = await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        Assert.NotEqual(WorkflowRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.Equal(25, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Instance_ids_are_listed_in_pages_and_a_history_can_be_read_through_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), $"listed-{i}", i);
        }

        var first = await h.Client.ListInstanceIdsAsync(null, 3, ct);
        var second = await h.Client.ListInstanceIdsAsync(first.ContinuationToken, 3, ct);
        await h.Client.WaitForWorkflowCompletionAsync("listed-4", cancellation: ct);
        var history = await h.Client.GetInstanceHistoryAsync("listed-4", ct);

        Assert.Equal(["listed-0", "listed-1", "listed-2"], first.InstanceIds);
        Assert.Equal(["listed-3", "listed-4"], second.InstanceIds);
        Assert.Null(second.ContinuationToken);
        Assert.Equal(h.Dapr.Workflows.GetInstance("listed-4")!.History.Count, history.Count);
    }
}
