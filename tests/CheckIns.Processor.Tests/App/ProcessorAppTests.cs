using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using CheckIns.Processor.Workflows;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// The processor through its HTTP entry points: bulk deliveries to the subscription, then the monitor API,
/// with monitor actors hosted in process and a fake clock.
/// </summary>
public sealed class ProcessorAppTests
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    [Fact]
    public async Task An_ok_check_in_creates_the_monitor_from_monitor_config_with_the_right_next_check_in()
    {
        await using var app = new ProcessorAppFactory(Start);

        var statuses = await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));

        Assert.Equal([EntryStatus.Success], statuses);
        var monitor = await app.GetMonitorAsync(Project, "nightly");
        Assert.Equal("nightly", monitor.GetProperty("slug").GetString());
        Assert.Equal("active", monitor.GetProperty("status").GetString());
        Assert.Equal("crontab", monitor.GetProperty("config").GetProperty("schedule_type").GetString());
        Assert.Equal("0 * * * *", monitor.GetProperty("config").GetProperty("schedule").GetString());
        var environment = ProcessorAppFactory.Environment(monitor);
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(Start, environment.GetProperty("last_checkin").GetDateTimeOffset());
        Assert.Equal(At(11, 0), environment.GetProperty("next_checkin").GetDateTimeOffset());
        Assert.Equal(At(11, 1), environment.GetProperty("next_checkin_latest").GetDateTimeOffset());
        Assert.Equal("ok", Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_error_opens_an_incident_with_an_occurrence_and_a_later_ok_resolves_it()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));

        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 10)));

        var failed = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly"));
        Assert.Equal("error", failed.GetProperty("status").GetString());
        var incident = failed.GetProperty("active_incident");
        Assert.Equal(JsonValueKind.Object, incident.ValueKind);
        var occurrence = Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(incident.GetProperty("id").GetString(), occurrence.Incident!.Id);
        Assert.Equal("nightly", occurrence.Monitor.Slug);
        Assert.Equal("error", occurrence.CheckIn!.Status);
        Assert.Single(app.Runtime.Publisher.Published, p => p.Event.EventId == occurrence.EventId && p.PartitionKey == "1:nightly");

        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", At(12, 0, 5)));

        var resolved = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly"));
        Assert.Equal("ok", resolved.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("active_incident").ValueKind);
        var resolution = Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentResolved);
        Assert.Equal(occurrence.Incident.Id, resolution.Incident!.Id);
    }

    [Fact]
    public async Task Thresholds_of_three_open_after_the_third_failure_and_resolve_after_the_third_success()
    {
        await using var app = new ProcessorAppFactory(Start);
        var config = Messages.CrontabConfig("0 * * * *", failureThreshold: 3, recoveryThreshold: 3);
        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "ok", Start, monitorConfig: config));

        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "error", At(11, 0, 5)));
        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "error", At(12, 0, 5)));
        Assert.DoesNotContain(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(JsonValueKind.Null, ActiveIncident(await app.GetMonitorAsync(Project, "etl")).ValueKind);

        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "error", At(13, 0, 5)));
        // R74: reaching the threshold emits one occurrence per failed check-in of the window, each carrying the window.
        var occurrences = app.Published.Where(e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence).ToList();
        Assert.Equal(3, occurrences.Count);
        Assert.Single(occurrences.Select(o => o.Incident!.Id).Distinct());
        Assert.Equal(3, occurrences.Select(o => o.CheckIn!.Id).Distinct().Count());
        Assert.All(occurrences, o => Assert.Equal(3, o.PreviousCheckIns.Count(c => c.Status == "error")));
        Assert.Equal(JsonValueKind.Object, ActiveIncident(await app.GetMonitorAsync(Project, "etl")).ValueKind);

        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "ok", At(14, 0, 5)));
        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "ok", At(15, 0, 5)));
        Assert.Equal(JsonValueKind.Object, ActiveIncident(await app.GetMonitorAsync(Project, "etl")).ValueKind);
        Assert.DoesNotContain(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentResolved);

        await app.DeliverAsync(Messages.CheckIn(Project, "etl", "ok", At(16, 0, 5)));
        Assert.Equal(JsonValueKind.Null, ActiveIncident(await app.GetMonitorAsync(Project, "etl")).ValueKind);
        Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentResolved);
    }

    [Fact]
    public async Task Muting_stops_occurrences_only_status_and_incidents_still_move()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var (status, muted) = await app.PutMonitorAsync(Project, "nightly", new { is_muted = true });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(muted.GetProperty("is_muted").GetBoolean());

        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5)));

        var environment = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly"));
        Assert.True(environment.GetProperty("is_muted").GetBoolean());
        // SEMANTICS R74, D16: a muted environment still fails and opens its incident, without an occurrence.
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, environment.GetProperty("active_incident").ValueKind);
        Assert.DoesNotContain(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task A_missed_check_in_is_found_by_the_wake_up_reminder_once_the_clock_passes_the_deadline()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));

        await app.AdvanceAsync(At(11, 0, 59) - Start);
        Assert.Equal("ok", ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly")).GetProperty("status").GetString());

        await app.AdvanceAsync(TimeSpan.FromSeconds(1));

        var environment = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly"));
        var missed = environment.GetProperty("recent_checkins")[0];
        Assert.Equal("missed", missed.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), missed.GetProperty("date_added").GetDateTimeOffset());
        Assert.Equal("error", environment.GetProperty("status").GetString());
        var occurrence = Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal("missed", occurrence.CheckIn!.Status);
        // The next deadline is armed again: the 12:00 slot.
        Assert.Equal(At(12, 0), environment.GetProperty("next_checkin").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_check_in_still_in_progress_after_max_runtime_times_out()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "backup", "in_progress", Start, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));
        Assert.Equal("in_progress", RecentCheckIns(await app.GetMonitorAsync(Project, "backup"))[0].GetProperty("status").GetString());

        await app.AdvanceAsync(TimeSpan.FromMinutes(6));

        var environment = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "backup"));
        Assert.Equal("timeout", environment.GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence && e.CheckIn!.Status == "timeout");
    }

    [Fact]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        await using var app = new ProcessorAppFactory(Start);
        var message = Messages.CheckIn(Project, "nightly", "error", Start, monitorConfig: Hourly);

        Assert.Equal([EntryStatus.Success, EntryStatus.Success], await app.DeliverAsync(message, message));
        Assert.Equal([EntryStatus.Success], await app.DeliverAsync(message));

        Assert.Single(RecentCheckIns(await app.GetMonitorAsync(Project, "nightly")));
        Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task A_turn_whose_save_fails_is_retried_not_swallowed_and_its_redelivery_applies_once()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        app.Runtime.SlotOf("1:nightly").State.FailNextSaves = 1;
        var error = Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5));
        var other = Messages.CheckIn(Project, "other", "ok", Start, monitorConfig: Hourly);

        Assert.Equal([EntryStatus.Retry, EntryStatus.Success], await app.DeliverAsync(error, other));
        Assert.Single(RecentCheckIns(await app.GetMonitorAsync(Project, "nightly")));
        Assert.DoesNotContain(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);

        Assert.Equal([EntryStatus.Success], await app.DeliverAsync(error));
        Assert.Equal(2, RecentCheckIns(await app.GetMonitorAsync(Project, "nightly")).Length);
        Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task A_publish_failure_after_the_save_still_publishes_the_event_exactly_once()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        app.Runtime.Publisher.FailNext = 1;

        Assert.Equal([EntryStatus.Success], await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "error", At(10, 30))));
        Assert.DoesNotContain(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal("error", ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly")).GetProperty("status").GetString());

        await app.AdvanceAsync(Retries.FirstInterval);
        await app.AdvanceAsync(Retries.FirstInterval);

        Assert.Single(app.Published, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(app.Published.Count, app.Published.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task An_unreadable_message_is_dropped_while_the_rest_of_its_batch_applies()
    {
        await using var app = new ProcessorAppFactory(Start);

        var statuses = await app.DeliverAsync(
            Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly),
            Messages.CloudEvent(new { surprise = true }),
            Messages.CheckIn(Project, "other", "ok", Start, monitorConfig: Hourly));

        Assert.Equal([EntryStatus.Success, EntryStatus.Drop, EntryStatus.Success], statuses);
        Assert.Equal("ok", ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "nightly")).GetProperty("status").GetString());
        Assert.Equal("ok", ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "other")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_group_applies_its_check_ins_in_arrival_order()
    {
        await using var app = new ProcessorAppFactory(Start);

        // Same instants, opposite order: only the order of arrival tells the two monitors apart.
        await app.DeliverAsync(
            Messages.CheckIn(Project, "first-fails", "error", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "first-works", "ok", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "first-fails", "ok", Start.AddSeconds(1)),
            Messages.CheckIn(Project, "first-works", "error", Start.AddSeconds(1)));

        var fails = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "first-fails"));
        Assert.Equal("ok", fails.GetProperty("status").GetString());
        Assert.Equal(["ok", "error"], fails.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        var works = ProcessorAppFactory.Environment(await app.GetMonitorAsync(Project, "first-works"));
        Assert.Equal("error", works.GetProperty("status").GetString());
        Assert.Equal(["error", "ok"], works.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Put_creates_validates_and_edits_config_mute_and_disable()
    {
        await using var app = new ProcessorAppFactory(Start);

        var (missing, missingBody) = await app.PutMonitorAsync(Project, "reports", new { name = "Reports" });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.True(missingBody.GetProperty("errors").TryGetProperty("config", out _));

        var (created, createdBody) = await app.PutMonitorAsync(Project, "reports", new
        {
            name = "Reports",
            config = new { schedule_type = "interval", schedule = new object[] { 2, "hour" }, checkin_margin = 10, failure_issue_threshold = 2 },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Reports", createdBody.GetProperty("name").GetString());
        Assert.Equal("interval", createdBody.GetProperty("config").GetProperty("schedule_type").GetString());
        Assert.Equal(2, createdBody.GetProperty("config").GetProperty("failure_issue_threshold").GetInt32());

        var (invalid, invalidBody) = await app.PutMonitorAsync(Project, "reports", new { config = new { schedule_type = "crontab", schedule = "not a cron" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.True(invalidBody.GetProperty("errors").TryGetProperty("schedule", out _));
        Assert.Equal(2, (await app.GetMonitorAsync(Project, "reports")).GetProperty("config").GetProperty("failure_issue_threshold").GetInt32());

        var (edited, editedBody) = await app.PutMonitorAsync(Project, "reports", new { config = new { schedule_type = "crontab", schedule = "30 6 * * *" } });
        Assert.Equal(HttpStatusCode.OK, edited);
        Assert.Equal("30 6 * * *", editedBody.GetProperty("config").GetProperty("schedule").GetString());

        var (_, mutedBody) = await app.PutMonitorAsync(Project, "reports", new { is_muted = true });
        Assert.True(mutedBody.GetProperty("is_muted").GetBoolean());
        var (_, unmutedBody) = await app.PutMonitorAsync(Project, "reports", new { is_muted = false });
        Assert.False(unmutedBody.GetProperty("is_muted").GetBoolean());

        var (_, disabledBody) = await app.PutMonitorAsync(Project, "reports", new { status = "disabled" });
        Assert.Equal("disabled", disabledBody.GetProperty("status").GetString());
        var (badStatus, badStatusBody) = await app.PutMonitorAsync(Project, "reports", new { status = "sleeping" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(badStatusBody.GetProperty("errors").TryGetProperty("status", out _));

        // A disabled monitor refuses check-ins with a processing error the user can read (R7 MONITOR_DISABLED).
        Assert.Equal([EntryStatus.Success], await app.DeliverAsync(Messages.CheckIn(Project, "reports", "ok", Start)));
        var error = Assert.Single((await app.GetMonitorAsync(Project, "reports")).GetProperty("processing_errors").EnumerateArray());
        Assert.Equal("MONITOR_DISABLED", error.GetProperty("errors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Listing_shows_every_monitor_of_the_project_and_only_those()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(
            Messages.CheckIn(5, "from-check-in", "ok", Start, monitorConfig: Hourly),
            Messages.CheckIn(6, "elsewhere", "ok", Start, monitorConfig: Hourly));
        await app.PutMonitorAsync(5, "from-api", new { config = new { schedule_type = "crontab", schedule = "@daily" } });

        using var client = await app.ClientAsync();
        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/projects/5/monitors", TestContext.Current.CancellationToken);

        Assert.Equal(["from-api", "from-check-in"], listed.EnumerateArray().Select(m => m.GetProperty("slug").GetString()));
        var environment = Assert.Single(listed.EnumerateArray().Single(m => m.GetProperty("slug").GetString() == "from-check-in").GetProperty("environments").EnumerateArray());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_monitor_is_404_and_shows_why_its_check_ins_were_refused()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "never-configured", "ok", Start));

        using var client = await app.ClientAsync();
        using var response = await client.GetAsync($"/v1/projects/{Project}/monitors/never-configured", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var error = Assert.Single(problem.GetProperty("processing_errors").EnumerateArray());
        Assert.Equal("MONITOR_NOT_FOUND", error.GetProperty("errors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_monitor_api_and_not_the_subscription()
    {
        await using var app = new ProcessorAppFactory(Start);
        using var client = await app.ClientAsync();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/projects/{project_id}/monitors", paths);
        Assert.Contains("/v1/projects/{project_id}/monitors/{slug}", paths);
        Assert.DoesNotContain(IngestMonitorsSubscription.Route, paths);
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 1, 5, hour, minute, second, TimeSpan.Zero);

    private static JsonElement ActiveIncident(JsonElement monitor) => ProcessorAppFactory.Environment(monitor).GetProperty("active_incident");

    private static JsonElement[] RecentCheckIns(JsonElement monitor) =>
        [.. ProcessorAppFactory.Environment(monitor).GetProperty("recent_checkins").EnumerateArray()];
}
