using Dapr.Workflow;
using DaprEmulator.Resources;

namespace DaprEmulator.Tests.Workflows;

/// <summary>The Configuration's <c>spec.workflow.stateRetentionPolicy</c> (daprd ≥ 1.17), on the fake clock.</summary>
public sealed class WorkflowRetentionTests
{
    private const string Policy = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: wf-app
        spec:
          workflow:
            stateRetentionPolicy:
              anyTerminal: 3h
              completed: 1h
              failed: 2h
        """;

    private static readonly WaitPlan Forever = new(DelayMinutes: 0, TimeoutMinutes: 0);

    [Fact]
    public async Task A_completed_workflow_is_readable_until_its_retention_has_passed_then_purged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync(configuration: Policy);
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "kept-1h", 4);
        await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        h.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(WorkflowRuntimeStatus.Completed, (await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).RuntimeStatus);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.False((await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).Exists);
        Assert.Null(h.Dapr.Workflows.GetInstance(id));
    }

    [Fact]
    public async Task Each_ending_is_kept_for_its_own_time_and_one_without_a_time_of_its_own_for_any_terminal()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync(configuration: Policy);
        var completed = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "ok", 2);
        var failed = await h.Client.ScheduleNewWorkflowAsync(nameof(RetryWorkflow), "failing", "x");
        var terminated = await h.Client.ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "stopped", Forever);
        await h.Dapr.WaitForIdleAsync(ct);
        await h.Client.TerminateWorkflowAsync(terminated, "stop", ct);
        h.Time.Advance(TimeSpan.FromSeconds(10)); // the failing activity's two retries, 10 s apart
        await h.Dapr.WaitForIdleAsync(ct);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(WorkflowRuntimeStatus.Failed, (await h.Client.WaitForWorkflowCompletionAsync(failed, cancellation: ct)).RuntimeStatus);
        Assert.Equal(WorkflowRuntimeStatus.Terminated, (await h.Client.WaitForWorkflowCompletionAsync(terminated, cancellation: ct)).RuntimeStatus);

        // Every instance ended within the first 20 s: the completed one at 0 s.
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(new[] { false, true, true }, await ExistAsync(h, completed, failed, terminated));

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(new[] { false, false, true }, await ExistAsync(h, completed, failed, terminated));

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal(new[] { false, false, false }, await ExistAsync(h, completed, failed, terminated));
    }

    [Fact]
    public async Task A_run_started_again_under_the_id_is_kept_by_its_own_ending_not_by_the_first_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync(configuration: Policy);
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "again", 3);
        await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), id, 5);
        await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        h.Time.Advance(TimeSpan.FromMinutes(30)); // the first run's hour is over
        await h.Dapr.WaitForIdleAsync(ct);
        var second = await h.Client.GetWorkflowStateAsync(id, getInputsAndOutputs: true, cancellation: ct);
        Assert.True(second.Exists);
        Assert.Equal(5, second.ReadInputAs<int>());

        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.False((await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).Exists);
    }

    [Fact]
    public async Task Without_a_policy_an_ended_workflow_is_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(SingleActivityWorkflow), "forever", 2);
        await h.Client.WaitForWorkflowCompletionAsync(id, cancellation: ct);

        h.Time.Advance(TimeSpan.FromDays(30));
        await h.Dapr.WaitForIdleAsync(ct);

        Assert.True((await h.Client.GetWorkflowStateAsync(id, cancellation: ct)).Exists);
    }

    [Theory]
    [InlineData("kind: Component\nmetadata:\n  name: x\nspec:\n  type: state.in-memory\n  version: v1\n", "no document of kind Configuration")]
    [InlineData("kind: Configuration\nmetadata:\n  name: x\nspec:\n  workflow:\n    stateRetentionPolicy:\n      completed: soon\n", "stateRetentionPolicy.completed \"soon\"")]
    public void A_configuration_daprd_would_refuse_is_refused(string yaml, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            var refused = Assert.Throws<DaprResourceException>(() => ConfigurationResource.Load(file));
            Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<bool[]> ExistAsync(WorkflowHarness h, params string[] ids)
    {
        var exist = new List<bool>();
        foreach (var id in ids)
        {
            exist.Add((await h.Client.GetWorkflowStateAsync(id, cancellation: TestContext.Current.CancellationToken)).Exists);
        }

        return [.. exist];
    }
}
