using System.Net;
using System.Text.Json;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>Sentry's legacy check-in API with <c>Authorization: DSN</c> (CLIENTS 2.2).</summary>
public sealed class LegacyCheckInsApiTests
{
    private const string Dsn = "DSN http://publickey@localhost/1";
    private const string Id = "2f1e6a0c-2c57-4b4e-9a43-8a1cf6a7d0aa";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/0/organizations/acme/monitors/job/checkins/")]
    [InlineData("/api/0/organizations/acme/monitors/job/checkins")]
    [InlineData("/api/0/monitors/job/checkins/")]
    public async Task Post_without_a_status_opens_an_in_progress_check_in_and_answers_201_with_its_id(string path)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(Request(HttpMethod.Post, path, ""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await HttpAssert.ReadAsync<JsonElement>(response)).GetProperty("id").GetString();
        var message = Assert.Single(app.Publisher.Published);
        Published.PayloadEquals($$"""{"check_in_id":"{{id}}","status":"in_progress","monitor_slug":"job"}""", message);
        Assert.Equal("legacy", message.Source);
        Assert.Equal(10, message.OrganizationId);
    }

    [Fact]
    public async Task Post_carries_a_legacy_monitor_config_and_drops_keys_the_legacy_api_did_not_know()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(Request(
            HttpMethod.Post,
            "/api/0/organizations/acme/monitors/job/checkins/",
            """{"status":"error","duration":250,"environment":"dev","monitor_config":{"schedule":[1,"day"],"schedule_type":"interval"},"extra":1}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await HttpAssert.ReadAsync<JsonElement>(response)).GetProperty("id").GetString();
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{id}}","status":"error","environment":"dev","duration":0.25,"monitor_config":{"schedule":[1,"day"],"schedule_type":"interval"},"monitor_slug":"job"}""",
            Assert.Single(app.Publisher.Published));
    }

    [Theory]
    [InlineData(Id, Id)]
    [InlineData("2F1E6A0C2C574B4E9A438A1CF6A7D0AA", Id)]
    [InlineData("latest", "00000000-0000-0000-0000-000000000000")]
    public async Task Put_by_id_or_latest_closes_that_check_in(string pathId, string checkInId)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(
            Request(HttpMethod.Put, $"/api/0/organizations/acme/monitors/job/checkins/{pathId}/", """{"status":"ok","duration":61500}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await HttpAssert.ReadAsync<JsonElement>(response);
        Assert.Equal(pathId == "latest" ? null : checkInId, answer.TryGetProperty("id", out var id) ? id.GetString() : null);
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{checkInId}}","status":"ok","duration":61.5,"monitor_slug":"job"}""",
            Assert.Single(app.Publisher.Published));
    }

    [Theory]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"status":"running"}""", HttpStatusCode.BadRequest, "status")]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"status":1}""", HttpStatusCode.BadRequest, "status")]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"duration":1.5}""", HttpStatusCode.BadRequest, "duration")]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"duration":-1}""", HttpStatusCode.BadRequest, "duration")]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"environment":5}""", HttpStatusCode.BadRequest, "environment")]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """[1]""", HttpStatusCode.BadRequest, null)]
    [InlineData("POST", "/api/0/monitors/job/checkins/", """{"status":""", HttpStatusCode.BadRequest, null)]
    [InlineData("PUT", "/api/0/monitors/job/checkins/not-a-uuid/", """{"status":"ok"}""", HttpStatusCode.BadRequest, "check_in_id")]
    [InlineData("PUT", "/api/0/monitors/job/checkins/latest/", """{"duration":5}""", HttpStatusCode.BadRequest, "status")]
    [InlineData("POST", "/api/0/monitors/2f1e6a0c-2c57-4b4e-9a43-8a1cf6a7d0aa/checkins/", "", HttpStatusCode.NotFound, "monitor_slug")]
    public async Task Invalid_body_or_path_is_refused_and_nothing_is_published(string method, string path, string body, HttpStatusCode status, string? field)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(Request(new HttpMethod(method), path, body), Ct);

        await HttpAssert.ProblemAsync(response, status, field);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer sntrys_token", HttpStatusCode.Unauthorized)]
    [InlineData("DSN not-a-dsn", HttpStatusCode.Unauthorized)]
    [InlineData("DSN http://unknownkey@localhost/1", HttpStatusCode.Forbidden)]
    [InlineData("DSN http://disabledkey@localhost/1", HttpStatusCode.Forbidden)]
    [InlineData("DSN http://publickey@localhost/2", HttpStatusCode.Forbidden)]
    [InlineData("DSN http://publickey@localhost/zero", HttpStatusCode.BadRequest)]
    public async Task Missing_or_wrong_dsn_is_refused(string? authorization, HttpStatusCode status)
    {
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/0/monitors/job/checkins/");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, status);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task A_dsn_and_a_sentry_key_elsewhere_is_401()
    {
        await using var app = new IngestAppFactory();
        using var request = Request(HttpMethod.Post, "/api/0/monitors/job/checkins/?sentry_key=publickey", "");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Publish_failure_is_503()
    {
        await using var app = new IngestAppFactory();
        app.Publisher.Fail = true;

        var response = await app.CreateClient().SendAsync(Request(HttpMethod.Post, "/api/0/monitors/job/checkins/", ""), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string body)
    {
        var request = new HttpRequestMessage(method, path) { Content = HttpAssert.Json(body) };
        request.Headers.TryAddWithoutValidation("Authorization", Dsn);
        return request;
    }
}
