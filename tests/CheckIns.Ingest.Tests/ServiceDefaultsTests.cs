using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Liveness_and_the_OpenAPI_document_with_every_ingest_route_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var live = await client.GetAsync("/healthz", ct);
        var openApi = await client.GetStringAsync("/openapi/v1.json", ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var paths = System.Text.Json.JsonDocument.Parse(openApi).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/checkins", paths);
        Assert.Contains("/api/{projectId}/envelope", paths);
        Assert.Contains("/api/{projectId}/cron/{monitorSlug}/{sentryKey}", paths);
        Assert.Contains("/ping/{pingKey}/{slug}/{action}", paths);
    }

    [Theory]
    [InlineData("X-Sentry-Auth", "sentry sentry_key=publickey")]
    [InlineData("X-Sentry-Auth", "SENTRY   sentry_version=7 ,sentry_key = publickey ,sentry_client=x/1")]
    [InlineData("X-Sentry-Auth", "sentry_key=publickey,sentry_version=7")]
    [InlineData("Authorization", "sentry sentry_key=publickey")]
    public async Task Sentry_auth_header_syntax_is_read_as_Relay_reads_it(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/1/cron/job/?status=ok");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await app.CreateClient().SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
