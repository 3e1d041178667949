using System.Net;
using System.Text;
using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Replays of Healthchecks' UUID URLs as curl sends them from a crontab (CLIENTS 6): the UUID is read from the
/// processor's read API as a user copies it, pinged on ingest, and the result read back from the read API and the
/// incidents API.
/// </summary>
public sealed class HealthchecksUuidTests : IAsyncLifetime
{
    private const string RunId = "5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10";

    private CheckInsSuite _suite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: Ct);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Start_then_success_with_the_same_rid_is_one_ok_check_in_with_its_duration()
    {
        var uuid = await CreateAsync("backup");

        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}/start?rid={RunId}");
        await _suite.AdvanceAsync(TimeSpan.FromSeconds(42));
        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}?rid={RunId}");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("backup");
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(Guid.Parse(RunId), Guid.Parse(checkIn.GetProperty("id").GetString()!));
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());
        Assert.Equal(42_000, checkIn.GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task Fail_is_an_error_that_opens_the_incident_then_exit_status_1_is_an_error_and_0_an_ok_that_resolves_it()
    {
        var uuid = await CreateAsync("import");

        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}/fail");
        await _suite.WaitForIdleAsync();
        var failed = await _suite.EnvironmentAsync("import");
        Assert.Equal("error", failed.GetProperty("status").GetString());
        // failure_issue_threshold 1 (the default): the first failure opens the incident.
        Assert.Equal(JsonValueKind.Object, failed.GetProperty("active_incident").ValueKind);
        Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=import"));

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}/1");
        await _suite.WaitForIdleAsync();
        Assert.Equal("error", (await _suite.EnvironmentAsync("import")).GetProperty("status").GetString());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}/0");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("import");
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(
            ["ok", "error", "error"],
            environment.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Empty(await _suite.IncidentsAsync("?status=open&monitor=import"));
        Assert.Single(await _suite.IncidentsAsync("?status=resolved&monitor=import"));
    }

    [Fact]
    public async Task A_posted_body_is_kept_up_to_the_ping_body_limit_and_log_changes_nothing()
    {
        var uuid = await CreateAsync("report");
        var output = string.Concat(Enumerable.Repeat("0123456789", 1_200));

        using (var response = await PingAsync(HttpMethod.Post, $"/ping/{uuid}/0", output))
        {
            await AssertTextAsync(response, HttpStatusCode.OK, "OK");
            Assert.Equal("10000", Assert.Single(response.Headers.GetValues("Ping-Body-Limit")));
        }

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PingOkAsync(HttpMethod.Post, $"/ping/{uuid}/log", "just a note");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("report");
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(output[..10_000], checkIn.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_unknown_uuid_is_404_an_exit_status_above_255_or_a_bad_rid_is_400_and_head_pings()
    {
        var uuid = await CreateAsync("nightly");

        using (var unknown = await PingAsync(HttpMethod.Get, $"/ping/{Guid.NewGuid()}"))
        {
            await AssertTextAsync(unknown, HttpStatusCode.NotFound, "not found");
        }

        using (var unknownStart = await PingAsync(HttpMethod.Get, $"/ping/{Guid.NewGuid()}/start"))
        {
            await AssertTextAsync(unknownStart, HttpStatusCode.NotFound, "not found");
        }

        using (var tooHigh = await PingAsync(HttpMethod.Get, $"/ping/{uuid}/256"))
        {
            await AssertTextAsync(tooHigh, HttpStatusCode.BadRequest, "invalid url format");
        }

        using (var badRid = await PingAsync(HttpMethod.Get, $"/ping/{uuid}/start?rid=nope"))
        {
            await AssertTextAsync(badRid, HttpStatusCode.BadRequest, "invalid uuid format");
        }

        using (var head = await PingAsync(HttpMethod.Head, $"/ping/{uuid}"))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("10000", Assert.Single(head.Headers.GetValues("Ping-Body-Limit")));
        }

        await _suite.WaitForIdleAsync();
        var environment = await _suite.EnvironmentAsync("nightly");
        Assert.Equal("ok", Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_hosted_form_without_the_ping_prefix_pings_the_same_environment()
    {
        var uuid = await CreateAsync("hosted");

        await PingOkAsync(HttpMethod.Get, $"/{uuid}/start?rid={RunId}");
        await _suite.AdvanceAsync(TimeSpan.FromSeconds(5));
        await PingOkAsync(HttpMethod.Post, $"/{uuid}?rid={RunId}", "done");
        await _suite.WaitForIdleAsync();

        var checkIn = Assert.Single((await _suite.EnvironmentAsync("hosted")).GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());
        Assert.Equal(5_000, checkIn.GetProperty("duration").GetInt32());
        Assert.Equal("done", checkIn.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_uuid_set_through_the_api_pings_the_old_one_is_404_and_only_a_released_uuid_can_move_to_another_environment()
    {
        var old = await CreateAsync("sync");
        await PingOkAsync(HttpMethod.Get, $"/ping/{old}");
        var replacement = Guid.NewGuid();

        using (var put = await _suite.PutMonitorApiAsync("sync/environments/production", $$"""{"ping_uuid":"{{replacement}}"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Ingest keeps a found UUID for Ingest:PingUuidCacheSeconds (10 s): past that, the old one is gone.
        await _suite.AdvanceAsync(TimeSpan.FromSeconds(11));
        using (var stale = await PingAsync(HttpMethod.Get, $"/ping/{old}/fail"))
        {
            await AssertTextAsync(stale, HttpStatusCode.NotFound, "not found");
        }

        await PingOkAsync(HttpMethod.Get, $"/ping/{replacement}/fail");
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("sync");
        Assert.Equal(replacement, Guid.Parse(environment.GetProperty("ping_uuid").GetString()!));
        Assert.Equal(
            ["error", "ok"],
            environment.GetProperty("recent_checkins").EnumerateArray().Select(c => c.GetProperty("status").GetString()));

        await CreateAsync("other");
        using var taken = await _suite.PutMonitorApiAsync("other/environments/production", $$"""{"ping_uuid":"{{replacement}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("ping_uuid", await taken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotEqual(replacement, Guid.Parse((await _suite.EnvironmentAsync("other")).GetProperty("ping_uuid").GetString()!));

        // The replaced UUID was let go: another environment may take it, and then it pings that one.
        using (var reuse = await _suite.PutMonitorApiAsync("other/environments/production", $$"""{"ping_uuid":"{{old}}"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, reuse.StatusCode);
        }

        await PingOkAsync(HttpMethod.Get, $"/ping/{old}");
        await _suite.WaitForIdleAsync();
        Assert.Equal("ok", Assert.Single((await _suite.EnvironmentAsync("other")).GetProperty("recent_checkins").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(2, (await _suite.EnvironmentAsync("sync")).GetProperty("recent_checkins").GetArrayLength());
    }

    [Fact]
    public async Task An_environment_that_takes_post_pings_only_answers_ok_to_get_and_head_and_records_nothing()
    {
        var uuid = await CreateAsync("strict");
        using (var put = await _suite.PutMonitorApiAsync("strict/environments/production", """{"ping_methods":"POST"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await PingOkAsync(HttpMethod.Get, $"/ping/{uuid}/fail");
        using (var head = await PingAsync(HttpMethod.Head, $"/ping/{uuid}/fail"))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        await _suite.WaitForIdleAsync();
        var ignored = await _suite.EnvironmentAsync("strict");
        Assert.Equal("POST", ignored.GetProperty("ping_methods").GetString());
        Assert.Equal(0, ignored.GetProperty("recent_checkins").GetArrayLength());

        await PingOkAsync(HttpMethod.Post, $"/ping/{uuid}/fail", "exit 3");
        await _suite.WaitForIdleAsync();
        var checkIn = Assert.Single((await _suite.EnvironmentAsync("strict")).GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("error", checkIn.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Creating_an_environment_through_the_api_answers_201_with_the_uuid_the_read_api_shows()
    {
        await CreateMonitorAsync("fresh");

        using var created = await _suite.PutMonitorApiAsync("fresh/environments/staging", """{"create":true}""");
        using var again = await _suite.PutMonitorApiAsync("fresh/environments/staging", """{"create":true}""");
        using var badName = await _suite.PutMonitorApiAsync($"fresh/environments/{new string('e', 65)}", """{"create":true}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var uuid = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ping_uuid").GetString();
        var environment = await _suite.EnvironmentAsync("fresh", "staging");
        Assert.Equal(uuid, environment.GetProperty("ping_uuid").GetString());
        Assert.Equal(uuid, JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ping_uuid").GetString());
        Assert.Equal("active", environment.GetProperty("status").GetString());
    }

    /// <summary>A monitor created through the API, then its production environment; the UUID as the read API shows it.</summary>
    private async Task<Guid> CreateAsync(string slug)
    {
        await CreateMonitorAsync(slug);
        using (var environment = await _suite.PutMonitorApiAsync($"{slug}/environments/production", """{"create":true}"""))
        {
            Assert.Equal(HttpStatusCode.Created, environment.StatusCode);
        }

        return Guid.Parse((await _suite.EnvironmentAsync(slug)).GetProperty("ping_uuid").GetString()!);
    }

    private async Task CreateMonitorAsync(string slug)
    {
        using var monitor = await _suite.PutMonitorApiAsync(slug, $$"""{"organization_id":{{CheckInsSuite.OrganizationId}},"config":{{CheckInJson.Hourly}}}""");
        Assert.Equal(HttpStatusCode.Created, monitor.StatusCode);
    }

    private async Task PingOkAsync(HttpMethod method, string path, string? body = null)
    {
        using var response = await PingAsync(method, path, body);
        await AssertTextAsync(response, HttpStatusCode.OK, "OK");
    }

    /// <summary>As <c>curl -fsS -m 10 --retry 5 [--data-raw "$output"] URL</c> sends it: no credential but the URL.</summary>
    private async Task<HttpResponseMessage> PingAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("User-Agent", "curl/7.88.1");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        return await _suite.IngestClient.SendAsync(request, Ct);
    }

    private static async Task AssertTextAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(text, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
