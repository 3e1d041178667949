using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;
using CheckIns.Ingest.Publishing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>
/// Healthchecks-style pings for plain cron lines (CLIENTS 6):
/// <c>/ping/{ping_key}/{slug}[/start|/fail|/log|/{exit_code}]</c>, HEAD, GET and POST. The ping key
/// is one of the project's public keys. A ping becomes a Sentry check-in: success → ok,
/// start → in_progress, fail or a non-zero exit code → error; <c>rid</c> is the check_in_id
/// (without one, the nil id closes the latest in-progress run, as "success without rid clears
/// any running start"). Answers are plain text, as Healthchecks gives them.
/// </summary>
public static class PingApi
{
    private static readonly string[] Methods = [HttpMethods.Head, HttpMethods.Get, HttpMethods.Post];

    public static RouteGroupBuilder MapPingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ping").WithTags("Healthchecks pings").WithQuietRequestLog();
        group.MapMethods("/{pingKey}/{slug}", Methods, (string pingKey, string slug, HttpContext http, IngestHandler ingest, CancellationToken ct) =>
            PingAsync(pingKey, slug, null, http, ingest, ct))
            .WithName("Ping")
            .WithSummary("Healthchecks success ping for a slug, or a Cronitor event when `state` is given.")
            .WithDescription(
                "The ping key is a public key of the project; the slug is lowercase `[a-z0-9-_]`. Records an `ok` check-in. "
                + "`rid` pairs it with a `/start`; without one it closes the running start. `create=1` creates a missing monitor "
                + "(a daily interval, 60 minutes' margin). With a `state` query parameter this is Cronitor's telemetry, as the "
                + "cronitor npm SDK sends it (see `/p/{apiKey}/{monitorKey}`). Example: `curl -fsS http://localhost:5101/ping/publickey/nightly-report`.")
            .WithPingDocumentation()
            .WithQueryParameter("state", "Cronitor only: `run`, `complete`, `fail` or `ok`.", "complete");
        group.MapMethods("/{pingKey}/{slug}/{action}", Methods, PingAsync)
            .WithName("PingWithAction")
            .WithSummary("Healthchecks ping with an action: `start`, `fail`, `log` or an exit status 0–255.")
            .WithDescription(
                "`/start` opens an `in_progress` check-in, `/fail` and exit statuses 1–255 record `error`, `/0` `ok`, `/log` records "
                + "nothing. Use the job's exit status in a cron line: `./job.sh; curl -fsS http://localhost:5101/ping/publickey/nightly-report/$?`.")
            .WithPingDocumentation();
        group.MapMethods("/{uuid}", Methods, (string uuid, HttpContext http, IngestHandler ingest, IPingUuidLookup lookup, CancellationToken ct) =>
            PingUuidApi.PingAsync(uuid, null, http, ingest, lookup, ct))
            .WithName("PingByUuid")
            .WithSummary("Healthchecks success ping by the environment's ping UUID.")
            .WithDescription(
                "Every monitor environment has a ping UUID (`ping_uuid` in the monitor read API, replaceable with the environment PUT). "
                + "`/ping/{uuid}/start`, `/fail`, `/log` and `/{exit status}` take the slug route's actions (they share its path shape). "
                + "A POST body is kept on the check-in up to `Ping-Body-Limit` bytes. Example: `./job.sh; curl -fsS -m 10 --retry 5 --data-raw \"$(tail -c 10000 job.log)\" http://localhost:5101/ping/<uuid>/$?`.")
            .WithPingUuidDocumentation();
        return group;
    }

    private static RouteHandlerBuilder WithPingDocumentation(this RouteHandlerBuilder route) => route
        .WithQueryParameter("rid", "A run id (UUID) pairing a start with its end.", "5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10")
        .WithQueryParameter("create", "`1` creates the monitor with Healthchecks' defaults when it does not exist.", "1")
        .WithResponseExample(200, "text/plain", "OK", "Recorded (or, for `/log`, accepted).")
        .WithResponseExample(400, "text/plain", "invalid url format", "An unknown action, an exit status above 255, a slug that is not lowercase; `invalid uuid format` for a bad `rid`.")
        .WithResponseExample(404, "text/plain", "not found", "Unknown or disabled ping key.");

    public static async Task<ContentHttpResult> PingAsync(
        string pingKey, string slug, string? action, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken)
    {
        if (action is null && IsDashedUuid(pingKey))
        {
            // "/ping/<uuid>/start" and friends have the slug route's shape: the second segment is the action.
            var lookup = http.RequestServices.GetRequiredService<IPingUuidLookup>();
            return await PingUuidApi.PingAsync(pingKey, slug, http, ingest, lookup, cancellationToken);
        }

        if (action is null && CronitorTelemetry.IsTelemetry(http.Request.Query))
        {
            // The cronitor npm SDK's path: the same shape as a slug ping, but Healthchecks never sends a state.
            return await CronitorApi.TelemetryAsync(pingKey, slug, http, ingest, cancellationToken);
        }

        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers["Ping-Body-Limit"] = ingest.Options.PingBodyLimit.ToString(CultureInfo.InvariantCulture);
        if (IsDashedUuid(pingKey))
        {
            // "/ping/<uuid>/<x>/<y>" is no Healthchecks URL.
            return NotFound();
        }

        try
        {
            SentryCredentialReader.RequireNoOtherCredential(http.Request);
            var status = StatusOf(action);
            if (!IsHealthchecksSlug(slug))
            {
                return Text(StatusCodes.Status400BadRequest, "invalid url format");
            }

            var key = ingest.Projects.FindKey(pingKey);
            if (key is null || !key.Enabled || !key.Project.Enabled)
            {
                return NotFound();
            }

            var checkIn = Build(http.Request.Query, slug, status, createMonitor: CreatesMonitor(http.Request.Query));
            if (checkIn is null)
            {
                return Text(StatusCodes.Status400BadRequest, "invalid uuid format");
            }

            if (status is null)
            {
                // "/log" records a message and changes no state; there is nothing to publish.
                return Ok();
            }

            // Healthchecks' create=1 provisions a missing check and leaves an existing one as it is.
            var origin = new CheckInOrigin(key.Project.Id, key.Project.OrganizationId, CheckInSources.Ping, null, MonitorConfigCreateOnly: CreatesMonitor(http.Request.Query));
            var message = ingest.Parser.Parse(checkIn.Value, origin);
            await ingest.PublishAsync([message], cancellationToken);
            return Ok();
        }
        catch (IngestRejectedException rejection)
        {
            ingest.LogRejection(http, rejection);
            return Text(rejection.StatusCode, rejection.Message);
        }
        catch (CheckInPublishException e)
        {
            ingest.LogPublishFailure(http, e);
            http.Response.Headers.RetryAfter = ingest.Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Text(StatusCodes.Status503ServiceUnavailable, "service unavailable");
        }
    }

    /// <summary>
    /// The Sentry status of a ping, null for "/log". An exit status above 255 or an unknown
    /// action is "invalid url format", as Healthchecks answers.
    /// </summary>
    internal static string? StatusOf(string? action) => action switch
    {
        null => "ok",
        "start" => "in_progress",
        "fail" => "error",
        "log" => null,
        _ when action.Length <= 3 && action.All(char.IsAsciiDigit)
            && int.Parse(action, CultureInfo.InvariantCulture) is var code && code <= 255 => code == 0 ? "ok" : "error",
        _ => throw IngestRejectedException.BadRequest("invalid url format"),
    };

    /// <param name="createMonitor">Adds Healthchecks' default config, to create a missing monitor (create=1).</param>
    internal static JsonElement? Build(IQueryCollection query, string slug, string? status, bool createMonitor, string? environment = null)
    {
        var rid = query["rid"].ToString();
        if (rid.Length > 0 && !Guid.TryParse(rid, out _))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (rid.Length > 0)
            {
                writer.WriteString("check_in_id", rid);
            }

            writer.WriteString("monitor_slug", slug);
            writer.WriteString("status", status ?? "log");
            if (environment is not null)
            {
                writer.WriteString("environment", environment);
            }

            if (createMonitor)
            {
                writer.WritePropertyName("monitor_config");
                DefaultMonitorConfig.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return CheckInParser.ParseJson(buffer.WrittenMemory, "The ping");
    }

    private static bool CreatesMonitor(IQueryCollection query) => query["create"] == "1";

    /// <summary>Healthchecks slug URLs take lowercase slugs only: [a-z0-9-_].</summary>
    private static bool IsHealthchecksSlug(string slug) =>
        slug.Length > 0 && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static bool IsDashedUuid(string text) => text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    internal static ContentHttpResult Ok() => Text(StatusCodes.Status200OK, "OK");

    internal static ContentHttpResult NotFound() => Text(StatusCodes.Status404NotFound, "not found");

    internal static ContentHttpResult Text(int status, string text) =>
        TypedResults.Text(text, "text/plain; charset=utf-8", statusCode: status);
}
