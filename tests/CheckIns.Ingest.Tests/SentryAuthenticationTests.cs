using System.Net;
using System.Text;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>Relay's rules for the key (CLIENTS 1.2), in every position it may take.</summary>
public sealed class SentryAuthenticationTests
{
    private const string CronPath = "/api/1/cron/job";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("X-Sentry-Auth")]
    [InlineData("Authorization-Sentry")]
    [InlineData("Authorization-Basic")]
    [InlineData("Query")]
    [InlineData("Path")]
    public async Task Right_key_is_accepted_in_each_position(string position)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(CronRequest(position, TestProjects.Key), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(app.Publisher.Published);
    }

    [Theory]
    [InlineData("X-Sentry-Auth", "unknownkey")]
    [InlineData("Authorization-Sentry", "unknownkey")]
    [InlineData("Authorization-Basic", "unknownkey")]
    [InlineData("Query", "unknownkey")]
    [InlineData("Path", "unknownkey")]
    [InlineData("X-Sentry-Auth", TestProjects.DisabledKey)]
    [InlineData("Query", TestProjects.DisabledKey)]
    [InlineData("Path", TestProjects.DisabledKey)]
    [InlineData("X-Sentry-Auth", TestProjects.OtherProjectKey)]
    [InlineData("Authorization-Basic", TestProjects.OtherProjectKey)]
    [InlineData("Path", TestProjects.OtherProjectKey)]
    public async Task Unknown_disabled_or_foreign_key_is_403_in_each_position(string position, string key)
    {
        await using var app = new IngestAppFactory();

        var cron = await app.CreateClient().SendAsync(CronRequest(position, key), Ct);

        await HttpAssert.ProblemAsync(cron, HttpStatusCode.Forbidden);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("X-Sentry-Auth")]
    [InlineData("Query")]
    [InlineData("Authorization-Basic")]
    public async Task Key_of_a_disabled_project_is_403_on_the_envelope_endpoint(string position)
    {
        await using var app = new IngestAppFactory();
        using var request = EnvelopeRequest(position, TestProjects.DisabledProjectKey, projectId: 3);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task No_key_at_all_is_401()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var cron = await client.GetAsync($"{CronPath}/?status=ok", Ct);
        var envelope = await client.PostAsync("/api/1/envelope/", new ByteArrayContent(ClientRequests.CliEnvelopeBody()), Ct);

        await HttpAssert.ProblemAsync(cron, HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(envelope, HttpStatusCode.Unauthorized);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("Path", "Query")]
    [InlineData("Path", "X-Sentry-Auth")]
    [InlineData("X-Sentry-Auth", "Query")]
    [InlineData("X-Sentry-Auth", "Authorization-Sentry")]
    [InlineData("Authorization-Basic", "Query")]
    public async Task Key_in_two_places_is_401_even_when_both_are_right(string first, string second)
    {
        await using var app = new IngestAppFactory();
        using var request = CronRequest(first, TestProjects.Key);
        AddKey(request, second, TestProjects.Key);

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("/api/0/envelope/")]
    [InlineData("/api/-1/envelope/")]
    [InlineData("/api/abc/envelope/")]
    [InlineData("/api/99999999999999999999/envelope/")]
    public async Task Malformed_project_id_is_400(string path)
    {
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(ClientRequests.CliEnvelopeBody()) };
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", "Sentry sentry_key=publickey, sentry_version=7");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "project_id");
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Malformed_key_is_400_and_unsupported_protocol_version_is_400()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var badKey = await client.GetAsync($"{CronPath}/?status=ok&sentry_key=not%20a%20key", Ct);
        var version = await client.GetAsync($"{CronPath}/?status=ok&sentry_key=publickey&sentry_version=9", Ct);

        await HttpAssert.ProblemAsync(badKey, HttpStatusCode.BadRequest, "sentry_key");
        await HttpAssert.ProblemAsync(version, HttpStatusCode.BadRequest, "sentry_version");
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Header_without_sentry_key_is_401()
    {
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{CronPath}/?status=ok");
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=x");

        var response = await app.CreateClient().SendAsync(request, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tunnel_envelope_authenticates_with_the_dsn_in_its_header()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();
        var tunnel = Encoding.UTF8.GetBytes(
            """{"dsn":"http://publickey@ingest.example/1"}""" + "\n" + """{"type":"check_in"}""" + "\n" + """{"monitor_slug":"tunnel","status":"ok"}""");
        var foreign = Encoding.UTF8.GetBytes(
            """{"dsn":"http://otherprojectkey@ingest.example/2"}""" + "\n" + """{"type":"check_in"}""" + "\n" + """{"monitor_slug":"tunnel","status":"ok"}""");

        var accepted = await client.PostAsync("/api/1/envelope/", new ByteArrayContent(tunnel), Ct);
        var refused = await client.PostAsync("/api/1/envelope/", new ByteArrayContent(foreign), Ct);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("1:tunnel", Assert.Single(app.Publisher.Published).MonitorKey);
    }

    private static HttpRequestMessage CronRequest(string position, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, position == "Path" ? $"{CronPath}/{key}/?status=ok" : $"{CronPath}/?status=ok");
        if (position != "Path")
        {
            AddKey(request, position, key);
        }

        return request;
    }

    private static HttpRequestMessage EnvelopeRequest(string position, string key, long projectId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{projectId}/envelope/")
        {
            Content = new ByteArrayContent(ClientRequests.CliEnvelopeBody()),
        };
        AddKey(request, position, key);
        return request;
    }

    private static void AddKey(HttpRequestMessage request, string position, string key)
    {
        switch (position)
        {
            case "X-Sentry-Auth":
                request.Headers.TryAddWithoutValidation("X-Sentry-Auth", $"Sentry sentry_key={key}, sentry_version=7, sentry_client=test/1");
                break;
            case "Authorization-Sentry":
                request.Headers.TryAddWithoutValidation("Authorization", $"Sentry sentry_key={key},sentry_version=7");
                break;
            case "Authorization-Basic":
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
                break;
            case "Query":
                var uri = request.RequestUri!.OriginalString;
                request.RequestUri = new Uri(uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"sentry_key={key}&sentry_version=7", UriKind.Relative);
                break;
            case "Path":
                var path = request.RequestUri!.OriginalString;
                var query = path.IndexOf('?', StringComparison.Ordinal);
                request.RequestUri = new Uri(path[..query] + $"{key}/" + path[query..], UriKind.Relative);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(position), position, null);
        }
    }
}
