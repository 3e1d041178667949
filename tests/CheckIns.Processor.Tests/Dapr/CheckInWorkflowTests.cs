using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Processor.Workflows;
using CheckIns.Tests.Shared;
using Dapr.Client;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>
/// Each check-in is a workflow on the emulated sidecar: what the read API and the sidecar's workflow API show, and a
/// crash at each point of it (before the actor call, after the actor saved but before the activity's result was
/// recorded, during the publish, during the timeout wait with the processor restarted) loses no event and doubles
/// none; a running check-in's wait is extended by its heartbeat and ended by its closing check-in.
/// </summary>
public sealed class CheckInWorkflowTests : IAsyncLifetime
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    private readonly FakeTimeProvider _time = new(Start);
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;
    private DaprClient _ingest = null!;
    private IngestClockPulses _pulses = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = _time,
                ConfigFiles = DaprTestEnvironmentOptions.ConfigFilesOf(RepositoryRoot.PathOf("dapr.yaml")),
            },
            Ct);
        _processor = await _env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: Ct);
        _ingest = _env.CreateDaprClient(AppIds.Ingest);
        // Missed and timeout decisions follow the stream clock: these tests play ingest, its pulses included.
        _pulses = IngestClockPulses.Start(_time, _ingest);
    }

    public async ValueTask DisposeAsync()
    {
        _pulses.Dispose();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task The_monitor_read_shows_each_recent_check_ins_workflow_which_the_sidecars_workflow_api_serves_too()
    {
        var message = Messages.CheckIn(Project, "nightly", "error", Start, monitorConfig: Hourly);
        await PublishAsync(message);

        var checkIn = Environment(await GetMonitorAsync("nightly")).GetProperty("recent_checkins")[0];
        var workflow = checkIn.GetProperty("workflow");
        Assert.Equal($"checkin-{message.MessageId}", workflow.GetProperty("instance_id").GetString());
        Assert.Equal("completed", workflow.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, workflow.GetProperty("failure").ValueKind);

        // The README's curl line: GET {sidecar}/v1.0/workflows/dapr/{instanceId}.
        using var sidecar = new HttpClient { BaseAddress = new Uri(_processor.Sidecar.HttpEndpoint) };
        var state = await sidecar.GetFromJsonAsync<JsonElement>($"/v1.0/workflows/dapr/checkin-{message.MessageId}", Ct);
        Assert.Equal("COMPLETED", state.GetProperty("runtimeStatus").GetString());
        Assert.Equal(WorkflowNames.CheckIn, state.GetProperty("workflowName").GetString());
    }

    [Fact]
    public async Task The_processors_configuration_purges_a_completed_check_in_workflow_after_a_day_and_the_check_in_stays()
    {
        var message = Messages.CheckIn(Project, "monthly", "error", Start, monitorConfig: Messages.CrontabConfig("0 0 1 * *"));
        await PublishAsync(message);
        Assert.Equal("completed", WorkflowOf(await GetMonitorAsync("monthly"), message).GetProperty("status").GetString());

        // config/processor.yaml keeps a completed workflow for 24h.
        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await _env.WaitForIdleAsync(Ct);
        Assert.Equal("completed", WorkflowOf(await GetMonitorAsync("monthly"), message).GetProperty("status").GetString());
        _time.Advance(TimeSpan.FromMinutes(1));
        await _env.WaitForIdleAsync(Ct);

        var checkIn = Environment(await GetMonitorAsync("monthly")).GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal("error", checkIn.GetProperty("status").GetString());
        Assert.Equal("not_found", checkIn.GetProperty("workflow").GetProperty("status").GetString());
        using var sidecar = new HttpClient { BaseAddress = new Uri(_processor.Sidecar.HttpEndpoint) };
        using var gone = await sidecar.GetAsync($"/v1.0/workflows/dapr/{WorkflowIds.CheckIn(message.MessageId)}", Ct);
        Assert.False(gone.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_crash_before_the_actor_call_leaves_a_started_workflow_that_the_restarted_processor_applies_once()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var message = Messages.CheckIn(Project, "nightly", "error", At(10, 30));

        // The subscription had started the check-in's workflow when the process died: nothing ran its activity yet.
        await _env.StopAppAsync(AppIds.Processor);
        using (var sidecar = new HttpClient { BaseAddress = new Uri(_processor.Sidecar.HttpEndpoint) })
        {
            using var body = new StringContent(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
            using var started = await sidecar.PostAsync($"/v1.0/workflows/dapr/{WorkflowNames.CheckIn}/start?instanceID={WorkflowIds.CheckIn(message.MessageId)}", body, Ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        // Back up, the worker picks the workflow up. Its activity may run before the sidecar knows the app hosts the
        // monitor actors again (as on daprd while placement catches up): then the apply fails, the workflow fails, and
        // nothing was applied. Either way it ended, and the delivery the crash left unanswered comes again.
        await _env.RestartAppAsync(AppIds.Processor, Ct);
        await _env.WaitForIdleAsync(Ct);
        var run = _env.Workflows.GetInstance(WorkflowIds.CheckIn(message.MessageId))!;
        Assert.Contains(run.RuntimeStatus, new[] { "COMPLETED", "FAILED" });
        var applied = Environment(await GetMonitorAsync("nightly")).GetProperty("recent_checkins").GetArrayLength();
        Assert.Equal(run.RuntimeStatus == "COMPLETED" ? 2 : 1, applied);
        await PublishAsync(message);

        var environment = Environment(await GetMonitorAsync("nightly"));
        Assert.Equal(["error", "ok"], environment.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        AssertNoEventPublishedTwice();
    }

    [Fact]
    public async Task A_lost_result_of_the_apply_activity_after_the_actor_saved_gets_the_same_events_again_and_applies_once()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        _env.Workflows.Faults.FailNextActivityCompletions(1, WorkflowNames.ApplyCheckIn);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(10, 30)));

        Assert.Equal(2, Environment(await GetMonitorAsync("nightly")).GetProperty("recent_checkins").GetArrayLength());
        Assert.Equal("error", Environment(await GetMonitorAsync("nightly")).GetProperty("status").GetString());
        // The activity ran twice; the second run got the kept reply, so the occurrence still went out under its one
        // id, and no second event was made. The failed call may also make the worker reconnect, and the sidecar then
        // dispatches its open work again (as the lost publish below): an event may go out twice, under its one id,
        // which incidents drops.
        AssertOneOccurrenceAndErrorStatusEachUnderOneId(StatusEvents());
    }

    [Fact]
    public async Task A_lost_result_of_the_publish_activity_republishes_that_event_under_its_id_and_loses_none()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var before = StatusEvents().Count;
        _env.Workflows.Faults.FailNextActivityCompletions(1, WorkflowNames.PublishStatusEvent);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(10, 30)));

        // The broker took the event whose result was lost, and took it again on the retry: the same event id, which
        // incidents drops (its end-to-end test); every event of the check-in is there. Delivery is at-least-once: the
        // worker may also reconnect after the failed call, and the sidecar then dispatches its other open work again,
        // so more than one event may come twice, but always under its one id.
        var events = StatusEvents().Skip(before).ToList();
        Assert.True(events.Count > events.DistinctBy(e => e.EventId).Count(), "the event whose publish result was lost went out again");
        AssertOneOccurrenceAndErrorStatusEachUnderOneId(events);
    }

    [Fact]
    public async Task A_timeout_waited_for_across_a_restart_of_the_processor_times_the_check_in_out_once()
    {
        var message = Messages.CheckIn(Project, "backup", "in_progress", Start, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5));
        await PublishAsync(message);
        var checkInId = Guid.Parse(Environment(await GetMonitorAsync("backup")).GetProperty("recent_checkins")[0].GetProperty("id").GetString()!);
        var waitId = WorkflowIds.Timeout(message.MonitorKey, "production", checkInId);
        Assert.Equal("RUNNING", _env.Workflows.GetInstance(waitId)!.RuntimeStatus);

        await _env.RestartAppAsync(AppIds.Processor, Ct);
        _time.Advance(TimeSpan.FromMinutes(6));
        await _env.WaitForIdleAsync(Ct);

        var environment = Environment(await GetMonitorAsync("backup"));
        Assert.Equal("timeout", environment.GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence && e.CheckIn!.Status == "timeout");
        Assert.Equal("COMPLETED", _env.Workflows.GetInstance(waitId)!.RuntimeStatus);
        AssertNoEventPublishedTwice();
    }

    [Fact]
    public async Task A_heartbeat_extends_the_running_check_ins_timeout_and_its_closing_check_in_ends_the_wait()
    {
        var checkInId = Guid.NewGuid();
        var first = Messages.CheckIn(Project, "backup", "in_progress", Start, checkInId: checkInId.ToString(), monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5));
        await PublishAsync(first);
        var waitId = WorkflowIds.Timeout(first.MonitorKey, "production", checkInId);

        // 10:03: still running, so timeout_at moves from 10:05 to 10:08 (R61).
        _time.SetUtcNow(At(10, 3));
        await PublishAsync(Messages.CheckIn(Project, "backup", "in_progress", At(10, 3), checkInId: checkInId.ToString()));
        _time.SetUtcNow(At(10, 6));
        await _env.WaitForIdleAsync(Ct);
        var running = Environment(await GetMonitorAsync("backup")).GetProperty("recent_checkins")[0];
        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        Assert.Equal(At(10, 8), running.GetProperty("timeout_at").GetDateTimeOffset());
        Assert.Equal("RUNNING", _env.Workflows.GetInstance(waitId)!.RuntimeStatus);

        // 10:07: the job reports ok; the wait ends there and then, and nothing times out at 10:08.
        _time.SetUtcNow(At(10, 7));
        await PublishAsync(Messages.CheckIn(Project, "backup", "ok", At(10, 7), checkInId: checkInId.ToString()));
        var wait = _env.Workflows.GetInstance(waitId)!;
        Assert.Equal("COMPLETED", wait.RuntimeStatus);
        Assert.Contains(OperationOutcome("finished"), wait.Output);

        _time.SetUtcNow(At(10, 30));
        await _env.WaitForIdleAsync(Ct);
        var environment = Environment(await GetMonitorAsync("backup"));
        Assert.Equal("ok", environment.GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.DoesNotContain(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    private static string OperationOutcome(string outcome) => $"\"{outcome}\"";

    private async Task PublishAsync(params CheckInMessage[] messages)
    {
        await _ingest.PublishCheckInsAsync(messages, Ct);
        await _env.WaitForIdleAsync(Ct);
    }

    /// <summary>
    /// At-least-once with stable ids: an event may go out more than once, but always as the same event under its id,
    /// no two ids carry the same event, and the check-in's occurrence and its error status are there.
    /// </summary>
    private static void AssertOneOccurrenceAndErrorStatusEachUnderOneId(IReadOnlyList<MonitorStatusEvent> events)
    {
        var distinct = events.DistinctBy(e => e.EventId).ToList();
        Assert.All(events.GroupBy(e => e.EventId), sameId => Assert.Single(sameId.Select(e => (e.Kind, e.EnvironmentStatus)).Distinct()));
        Assert.Equal(distinct.Count, distinct.Select(e => (e.Kind, e.EnvironmentStatus)).Distinct().Count());
        Assert.Single(distinct, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Contains(distinct, e => e.Kind == MonitorStatusEventKinds.EnvironmentStatusChanged && e.EnvironmentStatus == "error");
    }

    private void AssertNoEventPublishedTwice()
    {
        var events = StatusEvents();
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }

    private List<MonitorStatusEvent> StatusEvents() =>
        [.. _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus)
            .Select(m => m.DataJson.Deserialize(ContractsJsonContext.Default.MonitorStatusEvent)!)];

    private async Task<JsonElement> GetMonitorAsync(string slug)
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync($"/v1/projects/{Project}/monitors/{slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static JsonElement Environment(JsonElement monitor) => monitor.GetProperty("environments")[0];

    private static JsonElement WorkflowOf(JsonElement monitor, CheckInMessage message) =>
        Environment(monitor).GetProperty("recent_checkins").EnumerateArray()
            .Select(c => c.GetProperty("workflow"))
            .Single(w => w.ValueKind == JsonValueKind.Object && w.GetProperty("instance_id").GetString() == WorkflowIds.CheckIn(message.MessageId));

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 1, 5, hour, minute, second, TimeSpan.Zero);
}
