using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// A monitor's life through the three apps: created by a check-in's <c>monitor_config</c>, failing, recovering,
/// with thresholds and mute, seen on the processor's read API, the incidents API and <c>incidents-pubsub</c>.
/// </summary>
public sealed class IncidentLifecycleTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task An_ok_check_in_with_a_config_creates_the_monitor_and_its_environment_with_the_next_expected_time()
    {
        await _suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        var monitor = await _suite.RequireMonitorAsync("nightly-report");
        Assert.Equal("active", monitor.GetProperty("status").GetString());
        Assert.Equal("crontab", monitor.GetProperty("config").GetProperty("schedule_type").GetString());
        Assert.Equal("0 * * * *", monitor.GetProperty("config").GetProperty("schedule").GetString());
        var environment = Assert.Single(monitor.GetProperty("environments").EnumerateArray());
        Assert.Equal("production", environment.GetProperty("name").GetString());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(CheckInsSuite.T0, environment.GetProperty("last_checkin").GetDateTimeOffset());
        // An hourly crontab after a check-in at 10:00:30 expects the next one at 11:00, late after the 5 minutes' margin (R40).
        Assert.Equal(At(11, 0), environment.GetProperty("next_checkin").GetDateTimeOffset());
        Assert.Equal(At(11, 5), environment.GetProperty("next_checkin_latest").GetDateTimeOffset());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());

        var listed = await _suite.ProcessorClient.GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("nightly-report", Assert.Single(listed.EnumerateArray()).GetProperty("slug").GetString());
        Assert.Empty(_suite.IssueMessages());
    }

    [Fact]
    public async Task An_error_opens_an_incident_with_an_occurrence_and_a_later_ok_resolves_it()
    {
        await _suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        await _suite.CheckInAsync("nightly-report", "error");
        await _suite.WaitForIdleAsync();

        var failing = await _suite.EnvironmentAsync("nightly-report");
        Assert.Equal("error", failing.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, failing.GetProperty("active_incident").ValueKind);
        var occurrence = Assert.Single(_suite.Occurrences());
        Assert.Equal("Cron failure: nightly-report", occurrence.GetProperty("issue_title").GetString());
        var message = Assert.Single(_suite.Published(Contracts.DaprNames.IncidentsPubSub, Contracts.Topics.IngestOccurrences));
        Assert.False(message.IsCloudEvent); // the issue platform reads Sentry's JSON as the message value
        var open = Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=nightly-report"));
        Assert.Equal("production", open.GetProperty("environment").GetString());
        Assert.Equal($"{open.GetProperty("fingerprint").GetString()}-{CheckInsSuite.ProjectId}", message.PartitionKey); // the Kafka key (R118)
        Assert.Empty(await _suite.IncidentsAsync("?status=resolved"));

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("nightly-report", "ok");
        await _suite.WaitForIdleAsync();

        var recovered = await _suite.EnvironmentAsync("nightly-report");
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ValueKindOf(recovered, "active_incident"));
        var change = Assert.Single(_suite.StatusChanges());
        Assert.Equal(1, change.GetProperty("new_status").GetInt32()); // resolved (R120)
        Assert.Single(_suite.Occurrences()); // the resolution publishes no new occurrence
        Assert.Empty(await _suite.IncidentsAsync("?status=open"));
        var resolved = Assert.Single(await _suite.IncidentsAsync("?status=resolved&monitor=nightly-report"));
        Assert.Equal(open.GetProperty("incident_id").GetString(), resolved.GetProperty("incident_id").GetString());
    }

    [Fact]
    public async Task Failure_and_recovery_thresholds_of_three_open_on_the_third_error_and_resolve_on_the_third_ok()
    {
        const string config = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30,"failure_issue_threshold":3,"recovery_threshold":3}""";
        await _suite.CheckInAsync("backup", "ok", config);
        await _suite.WaitForIdleAsync();

        // One check-in a minute, under the 6-a-minute rate limit (R28).
        for (var i = 1; i <= 2; i++)
        {
            await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
            await _suite.CheckInAsync("backup", "error");
            await _suite.WaitForIdleAsync();
            Assert.Equal("ok", (await _suite.EnvironmentAsync("backup")).GetProperty("status").GetString());
        }

        Assert.Empty(_suite.IssueMessages());
        Assert.Empty(await _suite.IncidentsAsync());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("backup", "error");
        await _suite.WaitForIdleAsync();

        Assert.Equal("error", (await _suite.EnvironmentAsync("backup")).GetProperty("status").GetString());
        // One occurrence per failed check-in of the failure window (R74).
        Assert.Equal(3, _suite.Occurrences().Count);
        Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=backup"));

        for (var i = 1; i <= 2; i++)
        {
            await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
            await _suite.CheckInAsync("backup", "ok");
            await _suite.WaitForIdleAsync();
            Assert.Equal("error", (await _suite.EnvironmentAsync("backup")).GetProperty("status").GetString());
            Assert.Empty(_suite.StatusChanges());
        }

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("backup", "ok");
        await _suite.WaitForIdleAsync();

        Assert.Equal("ok", (await _suite.EnvironmentAsync("backup")).GetProperty("status").GetString());
        Assert.Single(_suite.StatusChanges());
        Assert.Equal(3, _suite.Occurrences().Count);
        Assert.Single(await _suite.IncidentsAsync("?status=resolved&monitor=backup"));
    }

    [Fact]
    public async Task A_muted_monitor_still_fails_and_opens_its_incident_but_publishes_no_occurrence_until_unmuted()
    {
        await _suite.CheckInAsync("quiet-job", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        await PutAsync("quiet-job", """{"is_muted":true}""");

        Assert.True((await _suite.RequireMonitorAsync("quiet-job")).GetProperty("is_muted").GetBoolean());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("quiet-job", "error");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("quiet-job");
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.True(environment.GetProperty("is_muted").GetBoolean());
        Assert.Equal(JsonValueKind.Object, environment.GetProperty("active_incident").ValueKind);
        Assert.Empty(_suite.Occurrences()); // muted: the issue platform hears nothing (R74, D16)
        // Muting held back only the occurrence: the processor still reported the failing environment and its incident.
        Assert.Contains(_suite.StatusEvents(), e =>
            e.GetProperty("kind").GetString() == Contracts.MonitorStatusEventKinds.EnvironmentStatusChanged
            && e.GetProperty("muted").GetBoolean()
            && e.GetProperty("environment_status").GetString() == "error"
            && e.TryGetProperty("incident", out var incident) && incident.ValueKind == JsonValueKind.Object);
        var issue = Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=quiet-job"));
        Assert.True(issue.GetProperty("muted").GetBoolean());
        Assert.Equal(0, issue.GetProperty("occurrence_count").GetInt32());

        // Unmuted, the next failure of the open incident is heard again.
        await PutAsync("quiet-job", """{"is_muted":false}""");
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("quiet-job", "error");
        await _suite.WaitForIdleAsync();

        Assert.Single(_suite.Occurrences());
        Assert.False((await _suite.RequireMonitorAsync("quiet-job")).GetProperty("is_muted").GetBoolean());
    }

    private async Task PutAsync(string slug, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _suite.ProcessorClient.PutAsync(
            new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors/{slug}", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);

    private static JsonValueKind ValueKindOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind : JsonValueKind.Null;
}
