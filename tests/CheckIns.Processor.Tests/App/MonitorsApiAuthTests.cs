using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// Every monitor route needs an auth token of its project (<c>Authorization: Bearer</c>): 401 without one, with an
/// unknown one or with more than one value, 403 with another project's; a refused request changes and publishes
/// nothing. The sidecar's routes (subscription, <c>/dapr/*</c>) and the probes need none.
/// </summary>
public sealed class MonitorsApiAuthTests
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    private static readonly object Create = new
    {
        name = "Nightly",
        config = new { schedule_type = "crontab", schedule = "0 3 * * *" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", $"/v1/projects/{Project}/monitors" },
        { "GET", $"/v1/projects/{Project}/monitors?view=summary" },
        { "GET", $"/v1/projects/{Project}/monitors/nightly" },
        { "PUT", $"/v1/projects/{Project}/monitors/nightly" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_token_every_route_is_401_with_a_bearer_challenge(string method, string path)
    {
        await using var app = new ProcessorAppFactory(Start);

        using var response = await (await BareAsync(app)).SendAsync(Request(method, path), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Missing authorization");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(app);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_projects_token_is_403(string method, string path)
    {
        await using var app = new ProcessorAppFactory(Start);

        using var response = await (await BareAsync(app)).WithProjectToken(TestTokens.OtherProjectToken).SendAsync(Request(method, path), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, $"project {Project}");
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(app);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_unknown_token_or_the_public_key_is_401(string method, string path)
    {
        await using var app = new ProcessorAppFactory(Start);

        using var unknown = await (await BareAsync(app)).WithProjectToken("guess").SendAsync(Request(method, path), Ct);
        using var publicKey = await (await BareAsync(app)).WithProjectToken("publickey").SendAsync(Request(method, path), Ct);

        await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, "unknown");
        await AssertProblemAsync(publicKey, HttpStatusCode.Unauthorized, "unknown");
        await AssertNothingChangedAsync(app);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_projects_token_is_accepted(string method, string path)
    {
        await using var app = new ProcessorAppFactory(Start);
        if (method == "GET" && path.EndsWith("/nightly", StringComparison.Ordinal))
        {
            await app.PutMonitorAsync(Project, "nightly", Create);
        }

        using var response = await (await BareAsync(app)).WithProjectToken().SendAsync(Request(method, path), Ct);

        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("Bearer processor-test-token", "Bearer project-99-token")]
    [InlineData("Bearer project-99-token", "Bearer processor-test-token")]
    [InlineData("Bearer processor-test-token", "Bearer processor-test-token")]
    [InlineData("Bearer processor-test-token, Bearer project-99-token", null)]
    [InlineData("Basic cHJvY2Vzc29yLXRlc3QtdG9rZW46", null)]
    public async Task Repeated_folded_or_foreign_scheme_authorization_is_401_and_changes_nothing(string first, string? second)
    {
        await using var app = new ProcessorAppFactory(Start);
        using var request = Request("PUT", $"/v1/projects/{Project}/monitors/nightly");
        request.Headers.TryAddWithoutValidation("Authorization", second is null ? [first] : [first, second]);

        using var response = await (await BareAsync(app)).SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, null);
        await AssertNothingChangedAsync(app);
    }

    [Fact]
    public async Task A_refused_mute_leaves_the_monitor_as_it_was()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.PutMonitorAsync(Project, "nightly", Create);
        var publishedBefore = app.Published.Count;

        using var mute = Request("PUT", $"/v1/projects/{Project}/monitors/nightly", new { is_muted = true });
        using var refused = await (await BareAsync(app)).WithProjectToken(TestTokens.OtherProjectToken).SendAsync(mute, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var monitor = await app.GetMonitorAsync(Project, "nightly");
        Assert.False(monitor.GetProperty("is_muted").GetBoolean());
        Assert.Equal(publishedBefore, app.Published.Count);
    }

    [Fact]
    public async Task The_sidecars_routes_and_the_probes_need_no_token()
    {
        await using var app = new ProcessorAppFactory(Start);
        var client = await BareAsync(app);
        var body = Messages.BulkEnvelope([Messages.CloudEvent(Messages.ToJson(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"))))]);

        using var subscribe = await client.GetAsync("/dapr/subscribe", Ct);
        using var health = await client.GetAsync("/healthz", Ct);
        using var delivery = await client.PostAsync(IngestMonitorsSubscription.Route, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (subscribe.StatusCode, health.StatusCode, delivery.StatusCode));
        var statuses = await delivery.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("SUCCESS", statuses.GetProperty("statuses")[0].GetProperty("status").GetString());
        Assert.Equal("nightly", (await app.GetMonitorAsync(Project, "nightly")).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_scheme_on_the_monitor_routes_only()
    {
        await using var app = new ProcessorAppFactory(Start);

        var document = await (await BareAsync(app)).GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("project_token");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("/v1/projects/{project_id}/monitors", "get"), ("/v1/projects/{project_id}/monitors/{slug}", "get"), ("/v1/projects/{project_id}/monitors/{slug}", "put") })
        {
            var security = paths.GetProperty(path).GetProperty(method).GetProperty("security");
            Assert.True(Assert.Single(security.EnumerateArray()).TryGetProperty("project_token", out _), $"{method} {path}");
        }

        Assert.All(
            paths.EnumerateObject().Where(p => !p.Name.StartsWith("/v1/projects", StringComparison.Ordinal)).SelectMany(p => p.Value.EnumerateObject()),
            operation => Assert.False(operation.Value.TryGetProperty("security", out _), operation.Name));
    }

    /// <summary>A client without the factory's default token.</summary>
    private static async Task<HttpClient> BareAsync(ProcessorAppFactory app)
    {
        var client = await app.ClientAsync();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private static HttpRequestMessage Request(string method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(body ?? Create);
        }

        return request;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        if (detail is not null)
        {
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>No monitor was created and nothing was published.</summary>
    private static async Task AssertNothingChangedAsync(ProcessorAppFactory app)
    {
        using var client = await app.ClientAsync();
        using var response = await client.GetAsync($"/v1/projects/{Project}/monitors/nightly", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(app.Published);
    }
}
