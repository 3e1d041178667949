using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Replays of the clients that are neither Sentry SDKs nor the native API — the cronitor npm SDK, sentry-cli 2.18 on
/// Sentry's legacy API — and a native in_progress without an id, each checked on the processor's read API and the
/// incidents API.
/// </summary>
public sealed class ClientProtocolTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: Ct);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Cronitor_run_then_complete_creates_the_unknown_monitor_in_its_env_with_one_check_in_and_its_duration()
    {
        await CronitorAsync("nightly-job", "state=run&series=6ab5b673&stamp=1795501000.12&env=staging");
        await _suite.AdvanceAsync(TimeSpan.FromSeconds(68));
        await CronitorAsync("nightly-job", "state=complete&message=processed%2010%20rows&series=6ab5b673&metric=duration:67.75&env=staging");
        await _suite.WaitForIdleAsync();

        var monitor = await _suite.RequireMonitorAsync("nightly-job");
        var config = monitor.GetProperty("config");
        Assert.Equal("interval", config.GetProperty("schedule_type").GetString());
        Assert.Equal("[1,\"day\"]", config.GetProperty("schedule").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(60, config.GetProperty("checkin_margin").GetInt32());
        Assert.Equal(1440, config.GetProperty("max_runtime").GetInt32());
        var environment = Assert.Single(monitor.GetProperty("environments").EnumerateArray());
        Assert.Equal("staging", environment.GetProperty("name").GetString());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());
        Assert.Equal(67_750, checkIn.GetProperty("duration").GetInt32());
        Assert.Equal(CheckInsSuite.T0, checkIn.GetProperty("date_added").GetDateTimeOffset());
    }

    [Fact]
    public async Task Cronitor_fail_is_an_error_check_in_that_opens_an_incident()
    {
        await CronitorAsync("import-job", "state=run&series=r1");
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await CronitorAsync("import-job", "state=fail&message=exit%201&series=r1&status_code=1");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("import-job");
        Assert.Equal("error", environment.GetProperty("status").GetString());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("error", checkIn.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, environment.GetProperty("active_incident").ValueKind);
        var incident = Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=import-job"));
        Assert.Equal("production", incident.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Cronitor_on_the_p_path_keeps_environments_apart_and_a_heartbeat_is_an_ok()
    {
        await CronitorAsync("sync", "state=run", path: "p");
        await CronitorAsync("sync", "env=staging", path: "p");
        await _suite.WaitForIdleAsync();

        var monitor = await _suite.RequireMonitorAsync("sync");
        var environments = monitor.GetProperty("environments").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["production", "staging"], environments.Keys.Order());
        Assert.Equal("in_progress", Assert.Single(environments["production"].GetProperty("recent_checkins").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal("ok", Assert.Single(environments["staging"].GetProperty("recent_checkins").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Legacy_post_then_put_by_id_closes_the_check_in_with_the_duration_in_milliseconds()
    {
        const string config = """{"schedule":"0 3 * * *","schedule_type":"crontab","checkin_margin":10}""";
        using var created = await LegacyAsync(HttpMethod.Post, "checkins/", $$"""{"status":"in_progress","environment":"production","monitor_config":{{config}}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(3));

        using var updated = await LegacyAsync(HttpMethod.Put, $"checkins/{id}/", """{"status":"ok","duration":151500,"environment":"production"}""");
        await _suite.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var monitor = await _suite.RequireMonitorAsync("legacy-job");
        Assert.Equal("0 3 * * *", monitor.GetProperty("config").GetProperty("schedule").GetString());
        var environment = Assert.Single(monitor.GetProperty("environments").EnumerateArray());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(Guid.Parse(id), Guid.Parse(checkIn.GetProperty("id").GetString()!));
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());
        Assert.Equal(151_500, checkIn.GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task Legacy_put_latest_closes_the_newest_in_progress_check_in()
    {
        const string config = """{"schedule":[1,"hour"],"schedule_type":"interval"}""";
        using var created = await LegacyAsync(HttpMethod.Post, "checkins/", $$"""{"monitor_config":{{config}}}""");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(2));

        using var updated = await LegacyAsync(HttpMethod.Put, "checkins/latest/", """{"status":"error"}""");
        await _suite.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var environment = await _suite.EnvironmentAsync("legacy-job");
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(Guid.Parse(id), Guid.Parse(checkIn.GetProperty("id").GetString()!));
        Assert.Equal("error", checkIn.GetProperty("status").GetString());
        Assert.Equal((int)TimeSpan.FromMinutes(2).TotalMilliseconds, checkIn.GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task A_native_in_progress_without_an_id_is_closed_by_the_id_that_ingest_answered()
    {
        using var opened = await _suite.PostCheckInAsync(CheckInJson.Of("report", "in_progress", CheckInJson.Hourly));
        Assert.Equal(HttpStatusCode.Accepted, opened.StatusCode);
        var id = Guid.Parse((await opened.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        Assert.NotEqual(Guid.Empty, id);
        await _suite.WaitForIdleAsync();
        // A second run opened meanwhile: closing by "the latest" would close that one, closing by id closes the first.
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("report", "in_progress");
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        await _suite.CheckInAsync("report", "ok", checkInId: id);
        await _suite.WaitForIdleAsync();

        var checkIns = (await _suite.EnvironmentAsync("report")).GetProperty("recent_checkins").EnumerateArray()
            .ToDictionary(c => Guid.Parse(c.GetProperty("id").GetString()!), c => c.GetProperty("status").GetString());
        Assert.Equal(2, checkIns.Count);
        Assert.Equal("ok", checkIns[id]);
        Assert.Equal("in_progress", Assert.Single(checkIns, c => c.Key != id).Value);
    }

    [Fact]
    public async Task A_monitor_configured_through_sentry_keeps_its_crontab_when_cronitor_pings_it()
    {
        await _suite.CheckInAsync("report", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        // Cronitor's defaults create a monitor; they never overwrite one that exists (issue 15 item 1).
        await CronitorAsync("report", "state=run&series=s1");
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await CronitorAsync("report", "state=complete&series=s1", path: "p");
        await _suite.WaitForIdleAsync();

        var monitor = await _suite.RequireMonitorAsync("report");
        AssertHourly(monitor.GetProperty("config"));
        Assert.Empty(monitor.GetProperty("processing_errors").EnumerateArray());
        var checkIns = monitor.GetProperty("environments")[0].GetProperty("recent_checkins");
        Assert.Equal(["ok", "ok"], checkIns.EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        // The next check-in is due on the crontab's next hour, not a day later as the default interval would say.
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero), monitor.GetProperty("environments")[0].GetProperty("next_checkin").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_ping_with_create_1_keeps_an_existing_monitors_config_and_creates_a_new_one_with_the_defaults()
    {
        await _suite.CheckInAsync("backup", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        using var existing = await _suite.IngestClient.GetAsync(new Uri($"/ping/{CheckInsSuite.PublicKey}/backup/0?create=1", UriKind.Relative), Ct);
        using var fresh = await _suite.IngestClient.GetAsync(new Uri($"/ping/{CheckInsSuite.PublicKey}/rotate/0?create=1", UriKind.Relative), Ct);
        await _suite.WaitForIdleAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (existing.StatusCode, fresh.StatusCode));

        var backup = await _suite.RequireMonitorAsync("backup");
        AssertHourly(backup.GetProperty("config"));
        Assert.Equal(2, backup.GetProperty("environments")[0].GetProperty("recent_checkins").GetArrayLength());
        var rotate = (await _suite.RequireMonitorAsync("rotate")).GetProperty("config");
        Assert.Equal(("interval", 60), (rotate.GetProperty("schedule_type").GetString(), rotate.GetProperty("checkin_margin").GetInt32()));
    }

    private static void AssertHourly(JsonElement config)
    {
        Assert.Equal("crontab", config.GetProperty("schedule_type").GetString());
        Assert.Equal("0 * * * *", config.GetProperty("schedule").GetString());
        Assert.Equal((5, 30), (config.GetProperty("checkin_margin").GetInt32(), config.GetProperty("max_runtime").GetInt32()));
    }

    /// <summary>The cronitor npm SDK's GET: the key in the path and, the same, in a Basic header.</summary>
    private async Task CronitorAsync(string monitorKey, string query, string path = "ping")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/{path}/{CheckInsSuite.PublicKey}/{monitorKey}?{query}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("User-Agent", "cronitor-js");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CheckInsSuite.PublicKey}:")));
        using var response = await _suite.IngestClient.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>sentry-cli 2.18's request on the legacy API for the monitor <c>legacy-job</c>.</summary>
    private async Task<HttpResponseMessage> LegacyAsync(HttpMethod method, string tail, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri($"/api/0/organizations/acme/monitors/legacy-job/{tail}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"DSN http://{CheckInsSuite.PublicKey}@127.0.0.1:{_suite.Ingest.Port}/{CheckInsSuite.ProjectId}");
        request.Headers.TryAddWithoutValidation("User-Agent", "sentry-cli/2.18.1");
        return await _suite.IngestClient.SendAsync(request, Ct);
    }
}
