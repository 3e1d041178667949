using System.Net;
using System.Text;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// <c>POST /v1/checkins</c> needs a credential in every environment: a project's key or auth token, or the Dapr app
/// token; the credential's project must be the check-ins' project, and nothing of a refused request is published.
/// </summary>
public sealed class NativeAuthenticationTests
{
    private const string Project1 = """{"project_id":1,"monitor_slug":"job","status":"ok"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("DSN")]
    [InlineData("X-Sentry-Auth")]
    [InlineData("Authorization-Sentry")]
    [InlineData("Authorization-Basic")]
    [InlineData("Query")]
    [InlineData("Bearer")]
    [InlineData("AppToken")]
    public async Task Each_credential_of_the_project_is_accepted(string position)
    {
        await using var app = new IngestAppFactory();
        using var request = Request(Project1, position, Right(position));

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal(("1:job", 10L), (message.MonitorKey, message.OrganizationId!.Value));
    }

    [Fact]
    public async Task No_credential_is_401_with_a_reason_and_nothing_is_published()
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().PostAsync("/v1/checkins", HttpAssert.Json(Project1), Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Missing authorization", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Without_an_app_token_configured_the_route_still_needs_a_credential()
    {
        // The hole of issue 12: with APP_API_TOKEN unset, the route trusted anyone who could reach the port.
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["APP_API_TOKEN"] = null });
        var client = app.CreateClient();

        var none = await client.PostAsync("/v1/checkins", HttpAssert.Json(Project1), Ct);
        using var claimed = Request(Project1, "AppToken", TestProjects.AppToken);
        var claimedResponse = await client.SendAsync(claimed, Ct);
        using var keyed = Request(Project1, "DSN", TestProjects.Key);
        var keyedResponse = await client.SendAsync(keyed, Ct);

        await HttpAssert.ProblemAsync(none, HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(claimedResponse, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, keyedResponse.StatusCode);
        Assert.Single(app.Publisher.Published);
    }

    [Theory]
    [InlineData("DSN", TestProjects.OtherProjectKey)]
    [InlineData("X-Sentry-Auth", TestProjects.OtherProjectKey)]
    [InlineData("Query", TestProjects.OtherProjectKey)]
    [InlineData("Bearer", TestProjects.OtherProjectAuthToken)]
    public async Task A_credential_of_another_project_is_403_naming_project_id(string position, string credential)
    {
        await using var app = new IngestAppFactory();
        using var request = Request(Project1, position, credential);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "project_id");
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task One_check_in_of_another_project_in_an_array_refuses_the_whole_request()
    {
        await using var app = new IngestAppFactory();
        using var request = Request(
            """[{"project_id":1,"monitor_slug":"a","status":"ok"},{"project_id":2,"monitor_slug":"b","status":"ok"}]""", "DSN", TestProjects.Key);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "[1].project_id");
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Theory]
    [InlineData("DSN", "unknownkey", HttpStatusCode.Forbidden)]
    [InlineData("DSN", TestProjects.DisabledKey, HttpStatusCode.Forbidden)]
    [InlineData("X-Sentry-Auth", TestProjects.DisabledProjectKey, HttpStatusCode.Forbidden)]
    [InlineData("Bearer", "no-such-token", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer", TestProjects.Key, HttpStatusCode.Unauthorized)]
    [InlineData("AppToken", "guess", HttpStatusCode.Unauthorized)]
    public async Task Unknown_disabled_or_wrong_credentials_are_refused(string position, string credential, HttpStatusCode status)
    {
        await using var app = new IngestAppFactory();
        using var request = Request(Project1, position, credential);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, status);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task A_dsn_whose_project_is_not_its_keys_project_is_403()
    {
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = HttpAssert.Json(Project1) };
        request.Headers.TryAddWithoutValidation("Authorization", $"DSN {TestCredentials.Dsn(TestProjects.Key, projectId: 2)}");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Theory]
    [InlineData("DSN", "X-Sentry-Auth")]
    [InlineData("DSN", "Query")]
    [InlineData("Bearer", "Query")]
    [InlineData("X-Sentry-Auth", "Query")]
    [InlineData("Bearer", "X-Sentry-Auth")]
    public async Task Two_credentials_are_401_even_when_both_are_right(string first, string second)
    {
        await using var app = new IngestAppFactory();
        using var request = Request(Project1, first, Right(first));
        Add(request, second, Right(second));

        var response = await app.CreateClient().SendAsync(request, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Multiple", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task A_right_key_with_a_wrong_app_token_is_401()
    {
        await using var app = new IngestAppFactory();
        using var request = Request(Project1, "DSN", TestProjects.Key);
        request.Headers.TryAddWithoutValidation("dapr-api-token", "guess");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task The_app_token_with_a_key_scopes_the_call_to_the_keys_project()
    {
        await using var app = new IngestAppFactory();
        using var request = Request("""{"project_id":2,"monitor_slug":"job","status":"ok"}""", "AppToken", TestProjects.AppToken);
        Add(request, "DSN", TestProjects.Key);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "project_id");
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task An_unsupported_authorization_scheme_is_401()
    {
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = HttpAssert.Json(Project1) };
        request.Headers.TryAddWithoutValidation("Authorization", "Token publickey");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, app.Publisher.Calls);
    }

    /// <summary>Project 1's credential of that kind.</summary>
    private static string Right(string position) => position switch
    {
        "Bearer" => TestProjects.AuthToken,
        "AppToken" => TestProjects.AppToken,
        _ => TestProjects.Key,
    };

    private static HttpRequestMessage Request(string json, string position, string credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = HttpAssert.Json(json) };
        Add(request, position, credential);
        return request;
    }

    private static void Add(HttpRequestMessage request, string position, string credential)
    {
        switch (position)
        {
            case "DSN":
                request.Headers.TryAddWithoutValidation("Authorization", $"DSN {TestCredentials.Dsn(credential, credential == TestProjects.OtherProjectKey ? 2 : 1)}");
                break;
            case "X-Sentry-Auth":
                request.Headers.TryAddWithoutValidation("X-Sentry-Auth", $"Sentry sentry_key={credential}, sentry_version=7, sentry_client=script/1");
                break;
            case "Authorization-Sentry":
                request.Headers.TryAddWithoutValidation("Authorization", $"Sentry sentry_key={credential}");
                break;
            case "Authorization-Basic":
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential + ":")));
                break;
            case "Query":
                var uri = request.RequestUri!.OriginalString;
                request.RequestUri = new Uri(uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"sentry_key={credential}", UriKind.Relative);
                break;
            case "Bearer":
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {credential}");
                break;
            case "AppToken":
                request.Headers.TryAddWithoutValidation("dapr-api-token", credential);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(position), position, null);
        }
    }
}
