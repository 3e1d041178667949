using System.Net;
using System.Text.Json;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

public sealed class NativeCheckInsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_single_checkin_publishes_it_and_answers_202_with_its_id()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""{"project_id":1,"check_in_id":"2f1e6a0c-2c57-4b4e-9a43-8a1cf6a7d0aa","monitor_slug":"Nightly Report","status":"in_progress","environment":"prod"}"""),
            Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await HttpAssert.ReadAsync<JsonElement>(response);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("2f1e6a0c-2c57-4b4e-9a43-8a1cf6a7d0aa", answer.GetProperty("id").GetString());
        Assert.Equal(message.MessageId, answer.GetProperty("message_id").GetString());
        Assert.Equal("nightly-report", message.MonitorSlug);
        Assert.Equal("1:nightly-report", message.MonitorKey);
        Assert.Equal(10, message.OrganizationId);
        Assert.Equal("native", message.Source);
        Assert.Equal(IngestAppFactory.Now, message.ReceivedAt);
        // project_id is the route to the project, not part of the Sentry item.
        Published.PayloadEquals(
            """{"check_in_id":"2f1e6a0c-2c57-4b4e-9a43-8a1cf6a7d0aa","monitor_slug":"Nightly Report","status":"in_progress","environment":"prod"}""",
            message);
    }

    [Fact]
    public async Task Post_array_publishes_every_checkin_in_order()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""
                [{"project_id":1,"monitor_slug":"a","status":"in_progress","check_in_id":"11111111111111111111111111111111"},
                 {"project_id":1,"monitor_slug":"a","status":"ok","check_in_id":"11111111111111111111111111111111","duration":2.5},
                 {"project_id":"2","monitor_slug":"b","status":"error"}]
                """),
            Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await HttpAssert.ReadAsync<JsonElement>(response);
        Assert.Equal(3, answer.GetArrayLength());
        Assert.Equal(
            ["1:a", "1:a", "2:b"],
            app.Publisher.Published.Select(m => m.MonitorKey));
        Assert.Equal(["in_progress", "ok", "error"], app.Publisher.Published.Select(m => m.Property("status")));
        // No check_in_id: a fresh id, answered and published alike, so that the caller can close what it opened.
        var assigned = answer[2].GetProperty("id").GetString();
        Assert.True(Guid.TryParse(assigned, out var id) && id != Guid.Empty, assigned);
        Assert.Equal(assigned, app.Publisher.Published[2].Property("check_in_id"));
        Assert.Equal(20, app.Publisher.Published[2].OrganizationId);
        Assert.Equal(3, app.Publisher.Published.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Each_check_in_without_an_id_gets_its_own_and_an_explicit_nil_id_keeps_meaning_the_latest()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""
                [{"project_id":1,"monitor_slug":"a","status":"in_progress"},
                 {"project_id":1,"monitor_slug":"a","status":"in_progress","check_in_id":null},
                 {"project_id":1,"monitor_slug":"a","status":"ok","check_in_id":"00000000-0000-0000-0000-000000000000"}]
                """),
            Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ids = (await HttpAssert.ReadAsync<JsonElement>(response)).EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids, app.Publisher.Published.Select(m => m.Property("check_in_id")));
        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids.Take(2), id => Assert.NotEqual(Guid.Empty, Guid.Parse(id)));
        Assert.Equal("00000000-0000-0000-0000-000000000000", ids[2]);
    }

    [Fact]
    public async Task Meaning_is_left_to_the_processor_unknown_status_long_environment_bad_config_and_stray_keys_travel_on()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();
        var json = $$"""{"project_id":1,"monitor_slug":"job","status":"exploded","environment":"{{new string('e', 100)}}","monitor_config":{"schedule":"@reboot","checkin_margin":-4},"message":"stray","check_in_id":"not-a-uuid"}""";

        var response = await client.PostAsync("/v1/checkins", HttpAssert.Json(json), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Published.PayloadEquals(json.Replace("\"project_id\":1,", "", StringComparison.Ordinal), message);
    }

    [Theory]
    [InlineData("""{"monitor_slug":"job","status":"ok"}""", "project_id")]
    [InlineData("""{"project_id":0,"monitor_slug":"job","status":"ok"}""", "project_id")]
    [InlineData("""{"project_id":"x1","monitor_slug":"job","status":"ok"}""", "project_id")]
    [InlineData("""{"project_id":1,"status":"ok"}""", "monitor_slug")]
    [InlineData("""{"project_id":1,"monitor_slug":null,"status":"ok"}""", "monitor_slug")]
    [InlineData("""{"project_id":1,"monitor_slug":42,"status":"ok"}""", "monitor_slug")]
    [InlineData("""{"project_id":1,"monitor_slug":"@@@","status":"ok"}""", "monitor_slug")]
    [InlineData("""[{"project_id":1,"monitor_slug":"a","status":"ok"},{"project_id":1,"status":"ok"}]""", "[1].monitor_slug")]
    public async Task Missing_or_malformed_field_is_400_naming_the_field_and_nothing_is_published(string json, string field)
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync("/v1/checkins", HttpAssert.Json(json), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(app.Publisher.Published);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Theory]
    [InlineData("{\"project_id\":1,")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"check-in\"")]
    [InlineData("[1,2]")]
    public async Task Unreadable_body_is_400(string body)
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync("/v1/checkins", HttpAssert.Json(body), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    public async Task Unknown_or_disabled_project_is_403(long projectId)
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync(
            "/v1/checkins", HttpAssert.Json($$"""{"project_id":{{projectId}},"monitor_slug":"job","status":"ok"}"""), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "project_id");
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = "1000" });
        var client = app.CreateInvocationClient();
        var json = $$"""{"project_id":1,"monitor_slug":"job","status":"ok","padding":"{{new string('x', 1000)}}"}""";

        var response = await client.PostAsync("/v1/checkins", HttpAssert.Json(json), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Default_limit_is_one_mebibyte()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();

        // Exactly at the limit is accepted, one byte over is refused: a lower (or higher) default fails one of them.
        var atLimit = await client.PostAsync("/v1/checkins", HttpAssert.Json(BodyOfLength(1024 * 1024)), Ct);
        var overLimit = await client.PostAsync("/v1/checkins", HttpAssert.Json(BodyOfLength((1024 * 1024) + 1)), Ct);

        Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
        await HttpAssert.ProblemAsync(overLimit, HttpStatusCode.RequestEntityTooLarge);
        Assert.Single(app.Publisher.Published);
    }

    /// <summary>A valid check-in whose UTF-8 body is exactly <paramref name="length"/> bytes long.</summary>
    private static string BodyOfLength(int length)
    {
        const string Prefix = "{\"project_id\":1,\"monitor_slug\":\"job\",\"status\":\"ok\",\"padding\":\"";
        const string Suffix = "\"}";
        return Prefix + new string('x', length - Prefix.Length - Suffix.Length) + Suffix;
    }

    [Fact]
    public async Task Array_over_the_count_limit_is_413()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();
        var json = "[" + string.Join(',', Enumerable.Repeat("""{"project_id":1,"monitor_slug":"a","status":"ok"}""", 101)) + "]";

        var response = await client.PostAsync("/v1/checkins", HttpAssert.Json(json), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Publish_failure_is_503_with_retry_after_never_2xx()
    {
        await using var app = new IngestAppFactory();
        app.Publisher.Fail = true;
        var client = app.CreateInvocationClient();

        var response = await client.PostAsync(
            "/v1/checkins", HttpAssert.Json("""[{"project_id":1,"monitor_slug":"a","status":"ok"},{"project_id":1,"monitor_slug":"b","status":"ok"}]"""), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task With_app_token_set_a_call_without_the_matching_dapr_api_token_is_401()
    {
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["APP_API_TOKEN"] = "s3cret" });
        var client = app.CreateClient();
        const string Body = """{"project_id":1,"monitor_slug":"job","status":"ok"}""";

        var none = await client.PostAsync("/v1/checkins", HttpAssert.Json(Body), Ct);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = HttpAssert.Json(Body) };
        wrong.Headers.Add("dapr-api-token", "guess");
        var wrongResponse = await client.SendAsync(wrong, Ct);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = HttpAssert.Json(Body) };
        right.Headers.Add("dapr-api-token", "s3cret");
        var rightResponse = await client.SendAsync(right, Ct);

        await HttpAssert.ProblemAsync(none, HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(wrongResponse, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, rightResponse.StatusCode);
        Assert.Single(app.Publisher.Published);
    }
}
