using System.Net;
using System.Text;
using Dapr.Workflow;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using DaprEmulator.Tests.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Storage;

/// <summary>
/// Workflow instances in the data folder of the local run: a restarted emulator takes each one up where it stood,
/// with its history, its pending timers, the work a worker held and the events that waited for it.
/// </summary>
public sealed class DurableWorkflowTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dapr-emulator-tests", "data-" + Guid.NewGuid().ToString("N"));
    private readonly TestResources _resources = TestResources.Default();
    private readonly FakeTimeProvider _time = new(WorkflowApps.Epoch);

    public void Dispose()
    {
        _resources.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Task<DaprTestEnvironment> StartAsync() =>
        DaprTestEnvironment.StartAsync(new() { ResourcesPath = _resources.Path, DataDirectory = _data, TimeProvider = _time }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_workflow_waiting_on_a_timer_survives_a_restart_and_goes_on_when_the_timer_is_due()
    {
        var ct = TestContext.Current.CancellationToken;
        var firstProbe = new WorkflowProbe();
        string id;
        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, firstProbe);
            id = await app.Client().ScheduleNewWorkflowAsync(nameof(ChainWorkflow), "kept", "k");
            await dapr.WaitForIdleAsync(ct);
            Assert.Equal(3, firstProbe.RunsOf(nameof(AppendActivity))); // the one-hour timer is next
        }

        _time.Advance(TimeSpan.FromMinutes(59));
        var probe = new WorkflowProbe();
        await using (var dapr = await StartAsync())
        {
            var instance = dapr.Workflows.GetInstance(id);
            Assert.NotNull(instance);
            Assert.Equal("RUNNING", instance.RuntimeStatus);
            Assert.Equal(3, instance.HistoryKinds.Count(k => k == "TaskCompleted"));
            Assert.Equal(1, dapr.Workflows.PendingTimers);

            var app = await WorkflowApps.StartAsync(dapr, probe);
            await dapr.WaitForIdleAsync(ct);
            Assert.DoesNotContain("TimerFired", dapr.Workflows.GetInstance(id)!.HistoryKinds);
            _time.Advance(TimeSpan.FromMinutes(1));
            await dapr.WaitForIdleAsync(ct);
            Assert.Contains("TimerFired", dapr.Workflows.GetInstance(id)!.HistoryKinds);

            await app.Client().RaiseEventAsync(id, "approval", "after restart", ct);
            var done = await app.Client().WaitForWorkflowCompletionAsync(id, cancellation: ct);
            Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("k>a!>b!>c!|after restart|2026-01-01T01:00:00.0000000Z", done.ReadOutputAs<string>());
            Assert.Equal(0, probe.RunsOf(nameof(AppendActivity))); // finished activities are not run again
        }

        await using (var dapr = await StartAsync())
        {
            Assert.Equal("COMPLETED", dapr.Workflows.GetInstance(id)?.RuntimeStatus);
            var app = await WorkflowApps.StartAsync(dapr, new WorkflowProbe());
            Assert.True(await app.Client().PurgeInstanceAsync(id, ct));
        }

        await using (var dapr = await StartAsync())
        {
            Assert.Null(dapr.Workflows.GetInstance(id));
            Assert.Empty(dapr.Workflows.InstanceIds());
        }
    }

    [Fact]
    public async Task A_timer_that_came_due_while_the_emulator_was_down_fires_at_once_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        string id;
        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, new WorkflowProbe());
            id = await app.Client().ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "late", new WaitPlan(DelayMinutes: 0, TimeoutMinutes: 10));
            await dapr.WaitForIdleAsync(ct);
        }

        _time.Advance(TimeSpan.FromHours(2));
        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, new WorkflowProbe());
            var done = await app.Client().WaitForWorkflowCompletionAsync(id, cancellation: ct);
            // The workflow's clock is the restart's: the wait ended when the emulator was back, not before.
            Assert.Equal("timeout at 2026-01-01T02:00:00.0000000Z", done.ReadOutputAs<string>());
        }
    }

    [Fact]
    public async Task An_activity_a_worker_held_when_the_emulator_stopped_runs_again_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new WorkflowProbe(); // the gate holds only the activity's first run
        string id;
        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, probe);
            id = await app.Client().ScheduleNewWorkflowAsync(nameof(GateWorkflow), "held", "job");
            await probe.GateReached.Task.WaitAsync(ct);
            await dapr.StopAppAsync("wf-app"); // its answer never comes
        }

        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, probe);
            var done = await app.Client().WaitForWorkflowCompletionAsync(id, cancellation: ct);
            Assert.Equal("job passed", done.ReadOutputAs<string>());
            Assert.Equal(2, probe.RunsOf(nameof(GateActivity))); // at-least-once: it ran before the stop, and again
        }
    }

    [Fact]
    public async Task Work_that_waited_for_a_worker_and_an_event_raised_meanwhile_are_there_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        string started, waiting;
        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, new WorkflowProbe());
            waiting = await app.Client().ScheduleNewWorkflowAsync(nameof(EventWaitWorkflow), "waits", new WaitPlan(DelayMinutes: 0, TimeoutMinutes: 0));
            await dapr.WaitForIdleAsync(ct);
            await dapr.StopAppAsync("wf-app");

            // Accepted (202) while no worker runs: from then on only the data folder holds them.
            using var http = new HttpClient { BaseAddress = new Uri(app.Sidecar.HttpEndpoint) };
            started = "started-while-down";
            using var start = await http.PostAsync($"/v1.0/workflows/dapr/{nameof(SingleActivityWorkflow)}/start?instanceID={started}", Json("7"), ct);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            using var raise = await http.PostAsync($"/v1.0/workflows/dapr/{waiting}/raiseEvent/go", Json("\"went\""), ct);
            Assert.Equal(HttpStatusCode.Accepted, raise.StatusCode);
        }

        await using (var dapr = await StartAsync())
        {
            var app = await WorkflowApps.StartAsync(dapr, new WorkflowProbe());
            Assert.Equal(49, (await app.Client().WaitForWorkflowCompletionAsync(started, cancellation: ct)).ReadOutputAs<int>());
            Assert.Equal("went", (await app.Client().WaitForWorkflowCompletionAsync(waiting, cancellation: ct)).ReadOutputAs<string>());
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
