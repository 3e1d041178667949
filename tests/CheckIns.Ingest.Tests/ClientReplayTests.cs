using CheckIns.Contracts;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// Each client of CLIENTS.md replayed byte for byte over a socket: the answer the client expects,
/// and the one message the processor will get, whatever door the check-in came through.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class ClientReplayTests
{
    [Fact]
    public async Task Node_envelope_chunked_with_query_auth_and_no_length_is_published()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.NodeEnvelope(app.Host));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{}", response.BodyText);
        Assert.StartsWith("application/json", response.Headers["Content-Type"], StringComparison.Ordinal);
        var message = Assert.Single(app.Publisher.Published);
        AssertMessage(message, "node-job", CheckInSourcesFor.Envelope, "sentry.javascript.node/11.12.0");
        Published.PayloadEquals(ClientRequests.NodePayload, message);
    }

    [Fact]
    public async Task Node_session_envelope_is_accepted_and_ignored()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.NodeSessionEnvelope(app.Host));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{}", response.BodyText);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Dotnet_envelope_gzip_with_header_auth_and_length_is_published()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.DotnetEnvelope(app.Host));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{}", response.BodyText);
        var message = Assert.Single(app.Publisher.Published);
        AssertMessage(message, "dotnet-job", CheckInSourcesFor.Envelope, "sentry.dotnet/6.12.1");
        Published.PayloadEquals(ClientRequests.DotnetPayload, message);
    }

    [Fact]
    public async Task Sentry_cli_envelope_of_344_bytes_is_published()
    {
        await using var app = KestrelIngestApp.Start();
        Assert.Equal(344, ClientRequests.CliEnvelopeBody().Length);

        var opening = await app.SendAsync(ClientRequests.CliEnvelope(app.Host));
        var closing = await app.SendAsync(ClientRequests.CliEnvelope(app.Host, ClientRequests.CliClosingPayload));

        Assert.Equal(200, opening.StatusCode);
        Assert.Equal(200, closing.StatusCode);
        Assert.Equal("{}", opening.BodyText);
        Assert.Collection(
            app.Publisher.Published,
            first =>
            {
                // The envelope header is "{}": the client name comes from X-Sentry-Auth.
                AssertMessage(first, "cli-job", CheckInSourcesFor.Envelope, "sentry-cli/x86_64");
                Published.PayloadEquals(ClientRequests.CliPayload, first);
            },
            second => Published.PayloadEquals(ClientRequests.CliClosingPayload, second));
    }

    [Fact]
    public async Task Curl_cron_get_is_answered_202_with_an_empty_body()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.CurlCronGet(app.Host));

        Assert.Equal(202, response.StatusCode);
        Assert.Empty(response.Body);
        var message = Assert.Single(app.Publisher.Published);
        AssertMessage(message, "curl-job", CheckInSourcesFor.Cron, null);
        Published.PayloadEquals(
            """{"check_in_id":"ebf254e4-5ff0-4dc6-bd13-53ae6a5385ba","status":"in_progress","environment":"dev","monitor_slug":"curl-job"}""",
            message);
    }

    [Fact]
    public async Task Curl_cron_json_upsert_keeps_the_config_and_takes_the_path_slug()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.CurlCronUpsert(app.Host));

        Assert.Equal(202, response.StatusCode);
        Assert.Empty(response.Body);
        var message = Assert.Single(app.Publisher.Published);
        AssertMessage(message, "curl-job", CheckInSourcesFor.Cron, null);
        Published.PayloadEquals(
            """{"status":"in_progress","monitor_config":{"schedule":{"type":"crontab","value":"*/10 * * * *"},"checkin_margin":5},"monitor_slug":"curl-job","check_in_id":"00000000-0000-0000-0000-000000000000"}""",
            message);
    }

    [Theory]
    [InlineData(0, "ok")]
    [InlineData(23, "error")]
    public async Task Curl_ping_with_exit_code_is_answered_OK(int exitCode, string status)
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.CurlPingExitCode(app.Host, exitCode));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.BodyText);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
        var message = Assert.Single(app.Publisher.Published);
        AssertMessage(message, "nightly-backup", CheckInSourcesFor.Ping, null);
        Published.PayloadEquals(
            $$"""{"monitor_slug":"nightly-backup","status":"{{status}}","check_in_id":"00000000-0000-0000-0000-000000000000"}""",
            message);
    }

    [Fact]
    public async Task Cronitor_npm_run_then_complete_share_the_series_id_and_carry_env_duration_and_the_default_config()
    {
        await using var app = KestrelIngestApp.Start();

        var run = await app.SendAsync(ClientRequests.CronitorNpmPing(app.Host, "nightly-job", "state=run&series=6ab5b673&stamp=1795501000.12&env=staging"));
        var complete = await app.SendAsync(ClientRequests.CronitorNpmPing(
            app.Host, "nightly-job", "state=complete&message=processed%2010%20rows&series=6ab5b673&metric=duration:67.75&stamp=1795501067.87&env=staging"));

        Assert.Equal(200, run.StatusCode);
        Assert.Equal(200, complete.StatusCode);
        Assert.Equal(2, app.Publisher.Published.Count);
        var id = Fixtures.CronitorIds.Series(TestProjects.ProjectId, "nightly-job", "6ab5b673");
        const string config = """{"schedule":{"type":"interval","value":1,"unit":"day"},"checkin_margin":60,"max_runtime":1440}""";
        AssertMessage(app.Publisher.Published[0], "nightly-job", CheckInSourcesFor.Cronitor, "cronitor-js");
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{id}}","monitor_slug":"nightly-job","status":"in_progress","environment":"staging","monitor_config":{{config}}}""",
            app.Publisher.Published[0]);
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{id}}","monitor_slug":"nightly-job","status":"ok","environment":"staging","duration":67.75,"monitor_config":{{config}}}""",
            app.Publisher.Published[1]);
    }

    [Fact]
    public async Task Cronitor_npm_heartbeat_with_count_metrics_is_an_ok_check_in()
    {
        await using var app = KestrelIngestApp.Start();

        var response = await app.SendAsync(ClientRequests.CronitorNpmPing(
            app.Host, "heartbeat-1", "state=complete&message=all%20good&metric=count:5&metric=error_count:0&series=abc123&stamp=1795501067.87"));

        Assert.Equal(200, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal("ok", message.Property("status"));
        Assert.False(message.Payload.TryGetProperty("duration", out _));
        Assert.False(message.Payload.TryGetProperty("environment", out _));
    }

    [Fact]
    public async Task Sentry_cli_2_18_on_the_legacy_api_gets_201_with_the_id_and_closes_that_check_in()
    {
        await using var app = KestrelIngestApp.Start();

        var created = await app.SendAsync(ClientRequests.LegacyCli(app.Host, """{"status":"in_progress","environment":"production"}"""));

        Assert.Equal(201, created.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(created.BodyText).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(36, id.Length);
        var closed = await app.SendAsync(ClientRequests.LegacyCli(app.Host, """{"status":"ok","duration":1523,"environment":"production"}""", id));

        Assert.Equal(200, closed.StatusCode);
        Assert.Equal(2, app.Publisher.Published.Count);
        AssertMessage(app.Publisher.Published[0], "legacy-job", CheckInSourcesFor.Legacy, null);
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{id}}","status":"in_progress","environment":"production","monitor_slug":"legacy-job"}""",
            app.Publisher.Published[0]);
        Published.PayloadEquals(
            $$"""{"check_in_id":"{{id}}","status":"ok","environment":"production","duration":1.523,"monitor_slug":"legacy-job"}""",
            app.Publisher.Published[1]);
    }

    private static void AssertMessage(CheckInMessage message, string slug, string source, string? sdk)
    {
        var read = Published.RoundTrip(message);
        Assert.Equal(TestProjects.ProjectId, read.ProjectId);
        Assert.Equal(TestProjects.OrganizationId, read.OrganizationId);
        Assert.Equal(slug, read.MonitorSlug);
        Assert.Equal($"1:{slug}", read.MonitorKey);
        Assert.Equal(IngestAppFactory.Now, read.ReceivedAt);
        Assert.Equal(source, read.Source);
        Assert.Equal(sdk, read.Sdk);
        Assert.Equal(7, Guid.ParseExact(read.MessageId, "N").Version);
    }
}

/// <summary>The source names, spelled out so that a renamed constant fails here.</summary>
internal static class CheckInSourcesFor
{
    public const string Envelope = "envelope";
    public const string Cron = "cron";
    public const string Ping = "ping";
    public const string Native = "native";
    public const string Cronitor = "cronitor";
    public const string Legacy = "legacy";
}
