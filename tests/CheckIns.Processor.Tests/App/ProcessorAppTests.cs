using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// The processor's HTTP entry points behind an emulated sidecar: the monitor API (create, validate, edit, list, read,
/// its OpenAPI document) and the entry statuses the subscription answers when a monitor's save fails. The pipeline's
/// flows (incidents, thresholds, mute, missed and timed-out check-ins, redeliveries, lost publishes, unreadable
/// messages) are the end-to-end tests'; the rules are the domain's.
/// </summary>
public sealed class ProcessorAppTests
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    [Fact]
    public async Task A_turn_whose_save_fails_is_retried_not_swallowed_and_its_redelivery_applies_once()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        await app.FailNextSavesAsync("1:nightly");
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

    private static JsonElement[] RecentCheckIns(JsonElement monitor) =>
        [.. ProcessorAppFactory.Environment(monitor).GetProperty("recent_checkins").EnumerateArray()];
}
