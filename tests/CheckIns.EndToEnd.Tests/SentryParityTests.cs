using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// What Sentry's consumers read, checked through the public routes: the fingerprint's form (D13), the check-in ids
/// the issue messages carry (R117, R118, R120), the incident history, and per-environment mute and disable (D16).
/// </summary>
public sealed class SentryParityTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task D13_the_fingerprint_is_crons_and_the_monitor_environment_id_and_a_later_incident_reuses_it()
    {
        await _suite.CheckInAsync("nightly", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        var environmentId = (await _suite.EnvironmentAsync("nightly")).GetProperty("id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", environmentId);
        var listed = await _suite.ProcessorClient.GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(environmentId, listed[0].GetProperty("environments")[0].GetProperty("id").GetString());

        await FailThenRecoverAsync("nightly");
        await FailThenRecoverAsync("nightly");

        var expected = $"crons:{environmentId}";
        Assert.Equal(2, _suite.Occurrences().Count);
        Assert.All(_suite.Occurrences(), o => Assert.Equal([expected], o.GetProperty("fingerprint").EnumerateArray().Select(f => f.GetString())));
        Assert.All(_suite.StatusChanges(), c => Assert.Equal([expected], c.GetProperty("fingerprint").EnumerateArray().Select(f => f.GetString())));
        Assert.All(
            _suite.Published(Contracts.DaprNames.IncidentsPubSub, Contracts.Topics.IngestOccurrences),
            m => Assert.Equal($"{expected}-{CheckInsSuite.ProjectId}", m.PartitionKey));
        // Both incidents of the one issue are listed, newest first, one row each (R81).
        var (rows, _) = await _suite.IncidentsPageAsync("?monitor=nightly&limit=1");
        var latest = Assert.Single(rows);
        var (all, _) = await _suite.IncidentsPageAsync("?monitor=nightly");
        Assert.Equal(2, all.Count);
        Assert.Equal(latest.GetProperty("incident_id").GetString(), all[0].GetProperty("incident_id").GetString());
        Assert.NotEqual(all[0].GetProperty("incident_id").GetString(), all[1].GetProperty("incident_id").GetString());
        Assert.All(all, r => Assert.Equal(expected, r.GetProperty("fingerprint").GetString()));
        Assert.All(all, r => Assert.Equal("resolved", r.GetProperty("status").GetString()));

        // The environment's id stays what it was across incidents.
        Assert.Equal(environmentId, (await _suite.EnvironmentAsync("nightly")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task R118_R120_occurrences_and_status_changes_carry_the_check_in_ids_of_the_window_and_the_monitor_environment()
    {
        const string threshold2 = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30,"failure_issue_threshold":2}""";
        await _suite.CheckInAsync("etl", "ok", threshold2);
        await _suite.WaitForIdleAsync();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var recovery = Guid.NewGuid();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("etl", "error", checkInId: first);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("etl", "error", checkInId: second);
        await _suite.WaitForIdleAsync();

        var environmentId = (await _suite.EnvironmentAsync("etl")).GetProperty("id").GetString();
        // Threshold 2: the window is both errors, one occurrence per check-in of it (R74), each with the whole window.
        var evidence = _suite.Occurrences().Select(o => o.GetProperty("evidence_data")).ToList();
        Assert.Equal([first.ToString(), second.ToString()], evidence.Select(e => e.GetProperty("failed_checkin_id").GetString()));
        Assert.All(evidence, e => Assert.Equal(
            [first.ToString(), second.ToString()],
            e.GetProperty("previous_checkin_ids").EnumerateArray().Select(x => x.GetString())));
        Assert.All(evidence, e => Assert.Equal(environmentId, e.GetProperty("monitor_environment_id").GetString()));
        Assert.All(_suite.StatusEvents(), e => Assert.Equal(environmentId, e.GetProperty("monitor_environment_id").GetString()));

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("etl", "ok", checkInId: recovery);
        await _suite.WaitForIdleAsync();

        var activity = Assert.Single(_suite.StatusChanges()).GetProperty("activity_data");
        Assert.Equal(recovery.ToString(), activity.GetProperty("resolving_checkin_id").GetString());
        Assert.Equal(environmentId, activity.GetProperty("monitor_environment_id").GetString());
        var incidentId = _suite.Occurrences()[0].GetProperty("event").GetProperty("tags").GetProperty("monitor.incident").GetString();
        Assert.Equal(incidentId, activity.GetProperty("incident_id").GetString());
    }

    [Fact]
    public async Task R49_R113_the_config_view_tells_a_key_never_set_from_one_set_to_null()
    {
        await _suite.CheckInAsync("tidy", "ok", """{"schedule":"0 * * * *","schedule_type":"crontab","checkin_margin":null,"timezone":null}""");
        await _suite.WaitForIdleAsync();

        var config = (await _suite.RequireMonitorAsync("tidy")).GetProperty("config");
        Assert.Equal(["schedule_type", "schedule", "checkin_margin", "timezone"], config.GetProperty("config_keys_set").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(JsonValueKind.Null, config.GetProperty("timezone").ValueKind); // set to null: shown as null
        Assert.Equal(JsonValueKind.Null, config.GetProperty("max_runtime").ValueKind); // never set: null as Sentry stores it (R113), not in config_keys_set

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("other", "ok", CheckInJson.Hourly);
        await _suite.CheckInAsync("tidy", "ok", """{"schedule":"0 * * * *","schedule_type":"crontab","max_runtime":10}""");
        await _suite.WaitForIdleAsync();

        config = (await _suite.RequireMonitorAsync("tidy")).GetProperty("config");
        Assert.Equal(["schedule_type", "schedule", "checkin_margin", "max_runtime", "timezone"], config.GetProperty("config_keys_set").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(10, config.GetProperty("max_runtime").GetInt32());
        // A monitor that never set its timezone has none in the view.
        Assert.False((await _suite.RequireMonitorAsync("other")).GetProperty("config").TryGetProperty("timezone", out _));
    }

    [Fact]
    public async Task D16_muting_one_environment_holds_back_its_occurrences_only_and_its_incident_still_opens()
    {
        await _suite.CheckInAsync("sync", "ok", CheckInJson.Hourly);
        await _suite.CheckInAsync("sync", "ok", environment: "staging");
        await _suite.WaitForIdleAsync();

        using (var muted = await _suite.PutMonitorApiAsync("sync/environments/staging", """{"is_muted":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
            var view = await muted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal("staging", view.GetProperty("name").GetString());
            Assert.True(view.GetProperty("is_muted").GetBoolean());
        }

        var monitor = await _suite.RequireMonitorAsync("sync");
        Assert.False(monitor.GetProperty("is_muted").GetBoolean()); // one environment of two is muted
        Assert.False((await _suite.EnvironmentAsync("sync")).GetProperty("is_muted").GetBoolean());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("sync", "error");
        await _suite.CheckInAsync("sync", "error", environment: "staging");
        await _suite.WaitForIdleAsync();

        var production = (await _suite.EnvironmentAsync("sync")).GetProperty("id").GetString();
        var staging = await _suite.EnvironmentAsync("sync", "staging");
        Assert.Equal("error", staging.GetProperty("status").GetString()); // D16: status and incident still move
        Assert.Equal(JsonValueKind.Object, staging.GetProperty("active_incident").ValueKind);
        var occurrence = Assert.Single(_suite.Occurrences());
        Assert.Equal($"crons:{production}", occurrence.GetProperty("fingerprint")[0].GetString());
        var (open, _) = await _suite.IncidentsPageAsync("?status=open&monitor=sync");
        var stagingIssue = Assert.Single(open, i => i.GetProperty("environment").GetString() == "staging");
        Assert.True(stagingIssue.GetProperty("muted").GetBoolean());
        Assert.Equal(0, stagingIssue.GetProperty("occurrence_count").GetInt32());

        using (var unmuted = await _suite.PutMonitorApiAsync("sync/environments/staging", """{"is_muted":false}"""))
        {
            Assert.Equal(HttpStatusCode.OK, unmuted.StatusCode);
        }

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("sync", "error", environment: "staging");
        await _suite.WaitForIdleAsync();
        Assert.Equal(2, _suite.Occurrences().Count);
        Assert.Equal($"crons:{staging.GetProperty("id").GetString()}", _suite.Occurrences()[1].GetProperty("fingerprint")[0].GetString());

        // Muting every environment one by one mutes the monitor (D16), so a new environment starts muted.
        using (await _suite.PutMonitorApiAsync("sync/environments/staging", """{"is_muted":true}""")) { }
        using (await _suite.PutMonitorApiAsync("sync/environments/production", """{"is_muted":true}""")) { }
        Assert.True((await _suite.RequireMonitorAsync("sync")).GetProperty("is_muted").GetBoolean());
    }

    [Fact]
    public async Task R2_R91_a_disabled_environment_is_not_missed_refuses_check_ins_and_is_expected_again_from_when_it_is_enabled()
    {
        await _suite.CheckInAsync("batch", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        using (var disabled = await _suite.PutMonitorApiAsync("batch/environments/production", """{"status":"disabled"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        }

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("batch", "error");
        await _suite.WaitForIdleAsync();
        var monitor = await _suite.RequireMonitorAsync("batch");
        var error = monitor.GetProperty("processing_errors")[0].GetProperty("errors")[0];
        Assert.Equal("MONITOR_DISABLED", error.GetProperty("name").GetString());

        // 11:05 passes while disabled: no missed check-in, no incident (R91).
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(69));
        var environment = await _suite.EnvironmentAsync("batch");
        Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("disabled", environment.GetProperty("status").GetString());
        Assert.Empty(_suite.Occurrences());

        using (var enabled = await _suite.PutMonitorApiAsync("batch/environments/production", """{"status":"active"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        environment = await _suite.EnvironmentAsync("batch");
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), environment.GetProperty("next_checkin").GetDateTimeOffset());
        await _suite.CheckInAsync("batch", "ok");
        await _suite.WaitForIdleAsync();
        Assert.Equal(2, (await _suite.EnvironmentAsync("batch")).GetProperty("recent_checkins").GetArrayLength());
    }

    [Fact]
    public async Task The_environment_route_answers_404_for_an_unknown_monitor_or_environment_and_400_for_a_bad_status()
    {
        await _suite.CheckInAsync("batch", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        using var noMonitor = await _suite.PutMonitorApiAsync("nope/environments/production", """{"is_muted":true}""");
        using var noEnvironment = await _suite.PutMonitorApiAsync("batch/environments/qa", """{"is_muted":true}""");
        using var badStatus = await _suite.PutMonitorApiAsync("batch/environments/production", """{"status":"paused"}""");

        Assert.Equal(HttpStatusCode.NotFound, noMonitor.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noEnvironment.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("paused", await badStatus.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("active", (await _suite.RequireMonitorAsync("batch")).GetProperty("status").GetString());
        Assert.Null(await _suite.MonitorAsync("nope"));
    }

    private async Task FailThenRecoverAsync(string slug, string? environment = null)
    {
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync(slug, "error", environment: environment);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync(slug, "ok", environment: environment);
        await _suite.WaitForIdleAsync();
    }
}
