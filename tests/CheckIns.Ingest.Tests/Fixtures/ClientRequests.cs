using System.IO.Compression;
using System.Text;

namespace CheckIns.Ingest.Tests.Fixtures;

/// <summary>
/// Requests as the real clients put them on the wire (CLIENTS 1.3, 2.1, 2.2, 6, 7), byte for byte:
/// request line, headers, framing, compression and body. The project is 1, the key "publickey".
/// </summary>
public static class ClientRequests
{
    public const string NodePayload =
        """{"check_in_id":"7d2a3e3f6b1c4d5e8f9a0b1c2d3e4f5a","monitor_slug":"node-job","status":"in_progress","release":"app@1.0.0","environment":"production","contexts":{"trace":{"trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef"}},"monitor_config":{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30,"timezone":"UTC"}}""";

    public const string DotnetPayload =
        """{"check_in_id":"6f3c1c3e0f2a4b5c9d8e7f6a5b4c3d2e","monitor_slug":"dotnet-job","status":"ok","duration":0.3,"release":"demo@1.2.3","environment":"staging","contexts":{"trace":{"trace_id":"4c79f60c11214eb38604f4ae0781bfb2"}}}""";

    public const string CliPayload =
        """{"check_in_id":"bced5bea671445de8a94ef41ffa4d6a2","monitor_slug":"cli-job","status":"in_progress","environment":"staging","monitor_config":{"schedule":{"type":"crontab","value":"*/5 * * * *"},"checkin_margin":2,"max_runtime":10,"timezone":"Europe/Vienna","failure_issue_threshold":3,"recovery_threshold":2}}""";

    public const string CliClosingPayload =
        """{"check_in_id":"bced5bea671445de8a94ef41ffa4d6a2","monitor_slug":"cli-job","status":"ok","environment":"staging","duration":0.501868186}""";

    public const string CurlUpsertBody =
        """{"status":"in_progress","monitor_config":{"schedule":{"type":"crontab","value":"*/10 * * * *"},"checkin_margin":5}}""";

    /// <summary>
    /// @sentry/node 11.12.0: key in the query string, no Content-Type, chunked, no item length,
    /// no trailing newline, and a release-health session item beside the check-in.
    /// </summary>
    public static byte[] NodeEnvelope(string host)
    {
        var body = Encoding.UTF8.GetBytes(
            """{"sent_at":"2026-11-24T21:00:00.000Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"},"trace":{"environment":"production","release":"app@1.0.0","public_key":"publickey","trace_id":"0123456789abcdef0123456789abcdef"}}""" + "\n"
            + """{"type":"check_in"}""" + "\n"
            + NodePayload);
        return Infrastructure.RawHttp.Request(
            [
                "POST /api/1/envelope/?sentry_version=7&sentry_key=publickey&sentry_client=sentry.javascript.node%2F11.12.0 HTTP/1.1",
                $"Host: {host}",
                "Connection: keep-alive",
                "Transfer-Encoding: chunked",
            ],
            Infrastructure.RawHttp.Chunked(body, 100));
    }

    /// <summary>@sentry/node's release-health session, sent to the same endpoint: accepted and ignored.</summary>
    public static byte[] NodeSessionEnvelope(string host)
    {
        var body = Encoding.UTF8.GetBytes(
            """{"sent_at":"2026-11-24T21:00:01.000Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}""" + "\n"
            + """{"type":"session"}""" + "\n"
            + """{"sid":"0b1c2d3e4f5a60718293a4b5c6d7e8f9","init":true,"started":"2026-11-24T21:00:00.000Z","status":"ok","errors":0,"attrs":{"release":"app@1.0.0","environment":"production"}}""");
        return Infrastructure.RawHttp.Request(
            [
                "POST /api/1/envelope/?sentry_version=7&sentry_key=publickey&sentry_client=sentry.javascript.node%2F11.12.0 HTTP/1.1",
                $"Host: {host}",
                "Connection: keep-alive",
                "Transfer-Encoding: chunked",
            ],
            Infrastructure.RawHttp.Chunked(body, 64));
    }

    /// <summary>Sentry .NET 6.12.1: X-Sentry-Auth without spaces, always gzip, item length, trailing newline.</summary>
    public static byte[] DotnetEnvelope(string host)
    {
        var envelope = Encoding.UTF8.GetBytes(
            """{"sdk":{"name":"sentry.dotnet","version":"6.12.1"},"sent_at":"2026-11-24T21:00:00.123Z"}""" + "\n"
            + """{"type":"check_in","length":223}""" + "\n"
            + DotnetPayload + "\n");
        var body = Gzip(envelope);
        return Infrastructure.RawHttp.Request(
            [
                "POST /api/1/envelope/ HTTP/1.1",
                $"Host: {host}",
                "X-Sentry-Auth: Sentry sentry_version=7,sentry_client=sentry.dotnet/6.12.1,sentry_key=publickey",
                "Content-Encoding: gzip",
                $"Content-Length: {body.Length}",
            ],
            body);
    }

    /// <summary>The 344-byte body of CLIENTS 1.4, exactly as sentry-cli 3.8.0 sends it: <c>{}</c> header, length 307.</summary>
    public static byte[] CliEnvelopeBody() => Encoding.UTF8.GetBytes(
        "{}\n" + """{"type":"check_in","length":307}""" + "\n" + CliPayload + "\n");

    public static byte[] CliEnvelope(string host, string? payload = null)
    {
        var body = payload is null
            ? CliEnvelopeBody()
            : Encoding.UTF8.GetBytes("{}\n" + $$"""{"type":"check_in","length":{{Encoding.UTF8.GetByteCount(payload)}}}""" + "\n" + payload + "\n");
        return Infrastructure.RawHttp.Request(
            [
                "POST /api/1/envelope/ HTTP/1.1",
                $"Host: {host}",
                "User-Agent: sentry-cli/3.8.0",
                "Accept: */*",
                "X-Sentry-Auth: Sentry sentry_key=publickey, sentry_version=7, sentry_timestamp=1795500878.34, sentry_client=sentry-cli/x86_64",
                $"Content-Length: {body.Length}",
            ],
            body);
    }

    /// <summary>curl 7.88.1 on the cron endpoint, query form (CLIENTS 2.1).</summary>
    public static byte[] CurlCronGet(string host) => Infrastructure.RawHttp.Request(
        [
            "GET /api/1/cron/curl-job/publickey/?check_in_id=ebf254e4-5ff0-4dc6-bd13-53ae6a5385ba&status=in_progress&environment=dev HTTP/1.1",
            $"Host: {host}",
            "User-Agent: curl/7.88.1",
            "Accept: */*",
        ],
        []);

    /// <summary>curl 7.88.1 upserting through the cron endpoint with a JSON body.</summary>
    public static byte[] CurlCronUpsert(string host)
    {
        var body = Encoding.UTF8.GetBytes(CurlUpsertBody);
        return Infrastructure.RawHttp.Request(
            [
                "POST /api/1/cron/curl-job/publickey/ HTTP/1.1",
                $"Host: {host}",
                "User-Agent: curl/7.88.1",
                "Accept: */*",
                "Content-Type: application/json",
                $"Content-Length: {body.Length}",
            ],
            body);
    }

    /// <summary><c>curl -fsS -m 10 --retry 5 --data-raw "$output" …/ping/publickey/nightly-backup/$?</c> after a failed job.</summary>
    public static byte[] CurlPingExitCode(string host, int exitCode)
    {
        var body = Encoding.UTF8.GetBytes("rsync: connection unexpectedly closed");
        return Infrastructure.RawHttp.Request(
            [
                $"POST /ping/publickey/nightly-backup/{exitCode} HTTP/1.1",
                $"Host: {host}",
                "User-Agent: curl/7.88.1",
                "Accept: */*",
                $"Content-Length: {body.Length}",
                "Content-Type: application/x-www-form-urlencoded",
            ],
            body);
    }

    /// <summary>
    /// The cronitor npm SDK 2.6.1 (CLIENTS 7): a GET on <c>/ping/{api_key}/{monitor_key}</c> with everything in the
    /// query string, its Basic header carrying the same key, and axios' headers.
    /// </summary>
    public static byte[] CronitorNpmPing(string host, string monitorKey, string query) => Infrastructure.RawHttp.Request(
        [
            $"GET /ping/publickey/{monitorKey}?{query} HTTP/1.1",
            "Accept: application/json, text/plain, */*",
            "User-Agent: cronitor-js",
            $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("publickey:"))}",
            "Accept-Encoding: gzip, compress, deflate, br",
            $"Host: {host}",
            "Connection: keep-alive",
        ],
        []);

    /// <summary>
    /// sentry-cli 2.18 <c>monitors run</c> on the legacy API (CLIENTS 2.2): the POST that opens the check-in, or
    /// the PUT that closes it (<paramref name="checkInId"/> given), with <c>Authorization: DSN</c> and a JSON body.
    /// </summary>
    public static byte[] LegacyCli(string host, string body, string? checkInId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var path = checkInId is null
            ? "/api/0/organizations/acme/monitors/legacy-job/checkins/"
            : $"/api/0/organizations/acme/monitors/legacy-job/checkins/{checkInId}/";
        return Infrastructure.RawHttp.Request(
            [
                $"{(checkInId is null ? "POST" : "PUT")} {path} HTTP/1.1",
                $"Host: {host}",
                "User-Agent: sentry-cli/2.18.1",
                "Accept: */*",
                $"Authorization: DSN http://publickey@{host}/1",
                "Content-Type: application/json",
                $"Content-Length: {bytes.Length}",
            ],
            bytes);
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
