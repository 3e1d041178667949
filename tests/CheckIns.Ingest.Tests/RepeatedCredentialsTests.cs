using System.Text;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// Relay's rule, held on every route over a real socket: more than one authorization value is a 401, whether the
/// values sit in two header lines, in one line folded from two, or twice in the query, and whether the extra one is
/// right or wrong. Nothing of a refused request is published.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class RepeatedCredentialsTests
{
    private const string Good = "X-Sentry-Auth: Sentry sentry_key=publickey, sentry_version=7";
    private const string Bad = "X-Sentry-Auth: Sentry sentry_key=otherprojectkey, sentry_version=7";

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "envelope", [Good, Bad], "" },
        { "envelope", [Bad, Good], "" },
        { "envelope", [Good, Good], "" },
        { "envelope", ["X-Sentry-Auth: Sentry sentry_key=publickey, Sentry sentry_key=otherprojectkey"], "" },
        { "envelope", ["X-Sentry-Auth: Sentry sentry_key=publickey, sentry_key=otherprojectkey"], "" },
        { "envelope", ["Authorization: Sentry sentry_key=publickey", "Authorization: Sentry sentry_key=otherprojectkey"], "" },
        { "envelope", ["Authorization: Bearer project-1-auth-token"], "" },
        { "envelope", [], "?sentry_key=publickey&sentry_key=otherprojectkey" },
        { "envelope", [Good], "?sentry_key=publickey" },
        { "cron", [Good, Bad], "" },
        { "cron", ["Authorization: Basic " + Base64("publickey:"), "Authorization: Basic " + Base64("otherprojectkey:")], "" },
        { "cron", [], "?sentry_key=publickey&sentry_key=otherprojectkey" },
        { "cron-with-key", [Bad], "" },
        { "native", [Good, Bad], "" },
        { "native", ["Authorization: DSN http://publickey@ingest.example/1", "Authorization: DSN http://otherprojectkey@ingest.example/2"], "" },
        { "native", ["Authorization: Bearer project-1-auth-token, Bearer project-2-auth-token"], "" },
        { "native", ["Authorization: Bearer project-1-auth-token"], "?sentry_key=publickey" },
        { "native", ["dapr-api-token: test-app-token", "dapr-api-token: guess"], "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task More_than_one_authorization_value_is_401_and_nothing_is_published(string route, string[] headers, string query)
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(Build(app.Host, route, headers, query));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("application/problem+json", response.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task The_same_requests_with_one_value_are_accepted()
    {
        await using var app = KestrelIngestApp.Start();

        var envelope = await app.SendAsync(Build(app.Host, "envelope", [Good], ""));
        var cron = await app.SendAsync(Build(app.Host, "cron", [Good], ""));
        var native = await app.SendAsync(Build(app.Host, "native", ["Authorization: DSN http://publickey@ingest.example/1"], ""));

        Assert.Equal((200, 202, 202), (envelope.StatusCode, cron.StatusCode, native.StatusCode));
        Assert.Equal(3, app.Publisher.Published.Count);
    }

    [Theory]
    [InlineData(Good, "")]
    [InlineData("Authorization: Basic cHVibGlja2V5Og==", "")]
    [InlineData("", "?sentry_key=publickey")]
    public async Task A_ping_with_a_credential_besides_its_ping_key_is_401(string header, string query)
    {
        await using var app = KestrelIngestApp.Start();
        string[] head = header.Length == 0 ? [] : [header];

        var response = await app.SendAsync(RawHttp.Request([$"GET /ping/publickey/job{query} HTTP/1.1", $"Host: {app.Host}", .. head], []));

        Assert.Equal(401, response.StatusCode);
        Assert.StartsWith("text/plain", response.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Calls);
    }

    private static byte[] Build(string host, string route, string[] headers, string query)
    {
        var (line, body) = route switch
        {
            "envelope" => ($"POST /api/1/envelope/{query} HTTP/1.1", ClientRequests.CliEnvelopeBody()),
            "cron" => ($"GET /api/1/cron/job/{Append(query, "status=ok")} HTTP/1.1", []),
            "cron-with-key" => ($"GET /api/1/cron/job/publickey/{Append(query, "status=ok")} HTTP/1.1", []),
            "native" => ($"POST /v1/checkins{query} HTTP/1.1", Encoding.UTF8.GetBytes("""{"project_id":1,"monitor_slug":"job","status":"ok"}""")),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };
        string[] framing = body.Length == 0 ? [] : [$"Content-Length: {body.Length}", "Content-Type: application/json"];
        return RawHttp.Request([line, $"Host: {host}", .. headers, .. framing], body);
    }

    private static string Append(string query, string parameter) => query.Length == 0 ? "?" + parameter : query + "&" + parameter;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
