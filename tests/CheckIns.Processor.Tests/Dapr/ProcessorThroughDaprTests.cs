using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using Dapr.Client;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>
/// The processor behind an emulated sidecar: check-ins published to ingest-monitors with a DaprClient reach
/// the bulk subscription, the monitor actors run on the sidecar's actor runtime and state store, events go
/// to monitors-status through the broker, and reminders fire on the shared fake clock.
/// </summary>
public sealed class ProcessorThroughDaprTests : IAsyncLifetime
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    private readonly FakeTimeProvider _time = new(Start);
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;
    private DaprClient _ingest = null!;
    private IngestClockPulses _pulses = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = _time,
            },
            TestContext.Current.CancellationToken);
        _processor = await _env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: TestContext.Current.CancellationToken);
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
    public async Task Check_ins_create_the_monitor_open_an_incident_and_resolve_it_with_events_on_monitors_status()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var created = Environment(await GetMonitorAsync("nightly"));
        Assert.Equal("ok", created.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), created.GetProperty("next_checkin").GetDateTimeOffset());

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5)));
        var occurrence = Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal("1:nightly", _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Single(m => m.DataJson.GetProperty("event_id").GetString() == occurrence.EventId).PartitionKey);
        Assert.Equal(JsonValueKind.Object, Environment(await GetMonitorAsync("nightly")).GetProperty("active_incident").ValueKind);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", At(12, 0, 5)));
        var resolution = Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentResolved);
        Assert.Equal(occurrence.Incident!.Id, resolution.Incident!.Id);
        Assert.Equal(JsonValueKind.Null, Environment(await GetMonitorAsync("nightly")).GetProperty("active_incident").ValueKind);
    }

    [Fact]
    public async Task Missed_and_timed_out_check_ins_are_found_by_reminders_when_the_clock_moves()
    {
        await PublishAsync(
            Messages.CheckIn(Project, "hourly", "ok", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "backup", "in_progress", Start, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));

        _time.Advance(TimeSpan.FromMinutes(6));
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        var backup = Environment(await GetMonitorAsync("backup"));
        Assert.Equal("timeout", backup.GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Equal("ok", Environment(await GetMonitorAsync("hourly")).GetProperty("status").GetString());

        _time.SetUtcNow(At(11, 1));
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        var hourly = Environment(await GetMonitorAsync("hourly"));
        Assert.Equal("missed", hourly.GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Equal("error", hourly.GetProperty("status").GetString());
        Assert.Contains(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence && e.Monitor.Slug == "hourly" && e.CheckIn!.Status == "missed");
        Assert.Contains(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence && e.Monitor.Slug == "backup" && e.CheckIn!.Status == "timeout");
    }

    [Fact]
    public async Task Thresholds_of_three_and_mute_decide_which_failures_become_occurrences()
    {
        var config = Messages.CrontabConfig("0 * * * *", failureThreshold: 3, recoveryThreshold: 3);
        await PublishAsync(
            Messages.CheckIn(Project, "etl", "ok", Start, monitorConfig: config),
            Messages.CheckIn(Project, "quiet", "ok", Start, monitorConfig: Hourly));
        using (var http = _processor.CreateClient().WithProjectToken())
        {
            using var muted = await http.PutAsJsonAsync($"/v1/projects/{Project}/monitors/quiet", new { is_muted = true }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
        }

        await PublishAsync(
            Messages.CheckIn(Project, "etl", "error", At(11, 0, 5)),
            Messages.CheckIn(Project, "etl", "error", At(12, 0, 5)),
            Messages.CheckIn(Project, "quiet", "error", At(11, 0, 5)));
        Assert.DoesNotContain(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        // Muted: the status still moves to error and the incident opens (D16, R74).
        var quiet = Environment(await GetMonitorAsync("quiet"));
        Assert.Equal("error", quiet.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, quiet.GetProperty("active_incident").ValueKind);

        await PublishAsync(Messages.CheckIn(Project, "etl", "error", At(13, 0, 5)));

        var occurrences = StatusEvents().Where(e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence).ToList();
        Assert.Equal(3, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal("etl", o.Monitor.Slug));
    }

    [Fact]
    public async Task A_batch_delivered_twice_is_applied_once()
    {
        _env.Faults.DeliverTwice(DaprNames.CheckInsPubSub, Topics.IngestMonitors);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", Start, monitorConfig: Hourly));

        Assert.Single(Environment(await GetMonitorAsync("nightly")).GetProperty("recent_checkins").EnumerateArray());
        Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task An_event_whose_publish_failed_after_the_save_is_published_exactly_once_by_the_outbox_drain()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        _env.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.MonitorsStatus);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(10, 30)));
        Assert.DoesNotContain(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal("error", Environment(await GetMonitorAsync("nightly")).GetProperty("status").GetString());

        _time.Advance(TimeSpan.FromSeconds(30));
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(StatusEvents().Count, StatusEvents().Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task An_unreadable_message_goes_to_the_dead_letter_topic_while_its_batch_applies_in_arrival_order()
    {
        _env.HoldDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        var metadata = new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = "1:nightly" };
        await PublishAsync(hold: true, Messages.CheckIn(Project, "nightly", "error", Start, monitorConfig: Hourly));
        await _ingest.PublishEventAsync(DaprNames.CheckInsPubSub, Topics.IngestMonitors, new { surprise = true }, metadata, TestContext.Current.CancellationToken);
        await PublishAsync(hold: true, Messages.CheckIn(Project, "nightly", "ok", Start.AddSeconds(1)));

        _env.ReleaseDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        var dead = Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter));
        Assert.True(dead.DataJson.GetProperty("surprise").GetBoolean());
        var environment = Environment(await GetMonitorAsync("nightly"));
        // Error then ok, in that order: the incident opened and was resolved.
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(["ok", "error"], environment.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentResolved);
    }

    [Fact]
    public async Task The_api_creates_edits_and_lists_monitors_through_their_actors()
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var created = await http.PutAsJsonAsync(
            $"/v1/projects/{Project}/monitors/reports",
            new { name = "Reports", config = new { schedule_type = "crontab", schedule = "30 6 * * *", failure_issue_threshold = 3 } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var invalid = await http.PutAsJsonAsync(
            $"/v1/projects/{Project}/monitors/reports", new { config = new { schedule = "every now and then" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var muted = await http.PutAsJsonAsync($"/v1/projects/{Project}/monitors/reports", new { is_muted = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));

        var listed = await http.GetFromJsonAsync<JsonElement>($"/v1/projects/{Project}/monitors", TestContext.Current.CancellationToken);

        Assert.Equal(["nightly", "reports"], listed.EnumerateArray().Select(m => m.GetProperty("slug").GetString()));
        var reports = listed.EnumerateArray().Single(m => m.GetProperty("slug").GetString() == "reports");
        Assert.True(reports.GetProperty("is_muted").GetBoolean());
        Assert.Equal(3, reports.GetProperty("config").GetProperty("failure_issue_threshold").GetInt32());
    }

    [Fact]
    public async Task State_survives_a_restart_of_the_app()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));

        await _env.RestartAppAsync(AppIds.Processor, TestContext.Current.CancellationToken);
        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5)));

        var environment = Environment(await GetMonitorAsync("nightly"));
        Assert.Equal(2, environment.GetProperty("recent_checkins").GetArrayLength());
        Assert.Equal("error", environment.GetProperty("status").GetString());
    }

    private Task PublishAsync(params CheckInMessage[] messages) => PublishAsync(hold: false, messages);

    private async Task PublishAsync(bool hold, params CheckInMessage[] messages)
    {
        await _ingest.PublishCheckInsAsync(messages, TestContext.Current.CancellationToken);
        if (!hold)
        {
            await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        }
    }

    private List<MonitorStatusEvent> StatusEvents() =>
        [.. _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus)
            .Select(m => m.DataJson.Deserialize(ContractsJsonContext.Default.MonitorStatusEvent)!)];

    private async Task<JsonElement> GetMonitorAsync(string slug)
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync($"/v1/projects/{Project}/monitors/{slug}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static JsonElement Environment(JsonElement monitor) => monitor.GetProperty("environments")[0];

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 1, 5, hour, minute, second, TimeSpan.Zero);
}
