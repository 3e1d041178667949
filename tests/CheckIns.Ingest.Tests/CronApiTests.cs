using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

public sealed class CronApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/1/cron/my-job/publickey/?status=ok")]
    [InlineData("GET", "/api/1/cron/my-job/publickey?status=ok")]
    [InlineData("POST", "/api/1/cron/my-job/publickey/?status=ok")]
    [InlineData("GET", "/api/1/cron/my-job/?status=ok&sentry_key=publickey")]
    [InlineData("GET", "/api/1/cron/my-job?status=ok&sentry_key=publickey")]
    public async Task Every_route_variant_answers_202_with_an_empty_body(string method, string path)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("1:my-job", message.MonitorKey);
        Assert.Equal("cron", message.Source);
    }

    [Fact]
    public async Task Query_values_become_the_check_in_and_an_unknown_status_travels_on()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(
            "/api/1/cron/My%20Job/publickey/?status=paused&duration=12.5&environment=dev&check_in_id=EBF254E45FF04DC6BD1353AE6A5385BA", Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("1:my-job", message.MonitorKey);
        Published.PayloadEquals(
            """{"check_in_id":"EBF254E45FF04DC6BD1353AE6A5385BA","status":"paused","environment":"dev","duration":12.5,"monitor_slug":"My Job"}""",
            message);
    }

    [Fact]
    public async Task Post_with_another_content_type_falls_back_to_the_query()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().PostAsync(
            "/api/1/cron/job/publickey/?status=error", new StringContent("status=ok", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("error", Assert.Single(app.Publisher.Published).Property("status"));
    }

    [Fact]
    public async Task Json_body_path_slug_wins_over_the_body_slug()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().PostAsync(
            "/api/1/cron/path-job/publickey/", HttpAssert.Json("""{"monitor_slug":"body-job","status":"ok","environment":"prod"}"""), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("1:path-job", message.MonitorKey);
        Published.PayloadEquals(
            """{"monitor_slug":"path-job","status":"ok","environment":"prod","check_in_id":"00000000-0000-0000-0000-000000000000"}""", message);
    }

    [Theory]
    [InlineData("/api/1/cron/job/publickey/", "status")]
    [InlineData("/api/1/cron/job/publickey/?status=", "status")]
    [InlineData("/api/1/cron/job/publickey/?status=ok&check_in_id=nope", "check_in_id")]
    [InlineData("/api/1/cron/job/publickey/?status=ok&duration=long", "duration")]
    [InlineData("/api/1/cron/job/publickey/?status=ok&status=error", "status")]
    [InlineData("/api/x/cron/job/publickey/?status=ok", "project_id")]
    public async Task Malformed_query_is_400_naming_the_field(string path, string field)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("""{"environment":"prod"}""", "status")]
    [InlineData("""{"status":null}""", "status")]
    [InlineData("""{"status":"ok",""", null)]
    [InlineData("""["ok"]""", null)]
    public async Task Malformed_json_body_is_400(string json, string? field)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().PostAsync("/api/1/cron/job/publickey/", HttpAssert.Json(json), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Publish_failure_is_503_never_202()
    {
        await using var app = new IngestAppFactory();
        app.Publisher.Fail = true;

        var response = await app.CreateClient().GetAsync("/api/1/cron/job/publickey/?status=ok", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
