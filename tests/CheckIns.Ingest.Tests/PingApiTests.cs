using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

public sealed class PingApiTests
{
    private const string RunId = "5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "ok")]
    [InlineData("/start", "in_progress")]
    [InlineData("/fail", "error")]
    [InlineData("/0", "ok")]
    [InlineData("/1", "error")]
    [InlineData("/255", "error")]
    public async Task Ping_becomes_a_check_in_with_the_run_id(string suffix, string status)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync($"/ping/publickey/backup-db{suffix}?rid={RunId}", Ct);

        await AssertTextAsync(response, HttpStatusCode.OK, "OK");
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("1:backup-db", message.MonitorKey);
        Assert.Equal("ping", message.Source);
        Published.PayloadEquals($$"""{"check_in_id":"{{RunId}}","monitor_slug":"backup-db","status":"{{status}}"}""", message);
    }

    [Fact]
    public async Task Head_and_post_are_accepted_like_get()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/ping/publickey/job/start"), Ct);
        var post = await client.PostAsync("/ping/publickey/job", new StringContent("job output\nline 2"), Ct);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        await AssertTextAsync(post, HttpStatusCode.OK, "OK");
        Assert.Equal(["in_progress", "ok"], app.Publisher.Published.Select(m => m.Property("status")));
    }

    [Fact]
    public async Task Log_changes_nothing_and_publishes_nothing()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().PostAsync("/ping/publickey/job/log", new StringContent("just a note"), Ct);

        await AssertTextAsync(response, HttpStatusCode.OK, "OK");
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Create_1_carries_the_default_monitor_config_and_without_it_there_is_none()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        await AssertTextAsync(await client.GetAsync("/ping/publickey/new-job?create=1", Ct), HttpStatusCode.OK, "OK");
        await AssertTextAsync(await client.GetAsync("/ping/publickey/new-job", Ct), HttpStatusCode.OK, "OK");

        Published.PayloadEquals(
            """{"monitor_slug":"new-job","status":"ok","monitor_config":{"schedule":{"type":"interval","value":1,"unit":"day"},"checkin_margin":60},"check_in_id":"00000000-0000-0000-0000-000000000000"}""",
            app.Publisher.Published[0]);
        Assert.False(app.Publisher.Published[1].Payload.TryGetProperty("monitor_config", out _));
        Assert.Equal((true, false), (app.Publisher.Published[0].MonitorConfigCreateOnly, app.Publisher.Published[1].MonitorConfigCreateOnly));
    }

    [Theory]
    [InlineData("/ping/publickey/job/256", "invalid url format")]
    [InlineData("/ping/publickey/job/restart", "invalid url format")]
    [InlineData("/ping/publickey/Job", "invalid url format")]
    [InlineData("/ping/publickey/job%2Fx", "invalid url format")]
    [InlineData("/ping/publickey/job?rid=not-a-uuid", "invalid uuid format")]
    [InlineData("/ping/publickey/job/fail?rid=123", "invalid uuid format")]
    public async Task Malformed_ping_is_400_as_healthchecks_answers(string path, string text)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        await AssertTextAsync(response, HttpStatusCode.BadRequest, text);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("/ping/unknownkey/job")]
    [InlineData("/ping/disabledkey/job/start")]
    [InlineData("/ping/disabledprojectkey/job")]
    [InlineData("/ping/5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10/start/extra")]
    public async Task Unknown_ping_key_or_a_path_past_a_uuid_action_is_404_not_found(string path)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        await AssertTextAsync(response, HttpStatusCode.NotFound, "not found");
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("/ping/5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10")]
    [InlineData("/ping/5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10/start")]
    [InlineData("/5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10/fail")]
    public async Task A_uuid_ping_whose_environment_cannot_be_looked_up_is_503_never_404(string path)
    {
        // No sidecar listens there: the processor that keeps the ping UUIDs cannot be asked.
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = "http://127.0.0.1:1" });

        var response = await app.CreateClient().GetAsync(path, Ct);

        await AssertTextAsync(response, HttpStatusCode.ServiceUnavailable, "service unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("10000", response.Headers.GetValues("Ping-Body-Limit").Single());
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("/ping/5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10/restart")]
    public async Task An_unknown_action_after_a_uuid_is_400_without_a_lookup(string path)
    {
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = "http://127.0.0.1:1" });

        var response = await app.CreateClient().GetAsync(path, Ct);

        await AssertTextAsync(response, HttpStatusCode.BadRequest, "invalid url format");
    }

    [Fact]
    public async Task Publish_failure_is_503_so_that_curl_retry_tries_again()
    {
        await using var app = new IngestAppFactory();
        app.Publisher.Fail = true;

        var response = await app.CreateClient().GetAsync("/ping/publickey/job", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static async Task AssertTextAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(text, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
