using System.Globalization;
using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Publishing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>
/// Cronitor's telemetry API (CLIENTS 7): <c>/p/{api_key}/{monitor_key}?state=run|complete|fail|ok</c>, HEAD,
/// GET and POST, and the same event on <c>/ping/{api_key}/{monitor_key}?state=…</c>, the path that the
/// cronitor npm SDK uses. The API key is one of the project's public keys; an unknown monitor key creates
/// the monitor (<see cref="DefaultMonitorConfig.WriteCronitorTo"/>), create-only: an existing one keeps its config. Answers are plain text; Cronitor's
/// clients read the status code only.
/// </summary>
public static class CronitorApi
{
    private static readonly string[] Methods = [HttpMethods.Head, HttpMethods.Get, HttpMethods.Post];

    public static RouteGroupBuilder MapCronitorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/p").WithTags("Cronitor telemetry").WithQuietRequestLog();
        group.MapMethods("/{apiKey}/{monitorKey}", Methods, TelemetryAsync)
            .WithName("CronitorTelemetry")
            .WithSummary("Record a Cronitor telemetry event (run, complete, fail, ok, or a heartbeat).")
            .WithDescription(
                "The API key is a public key of the project. `state=run` opens a check-in, `complete` and `ok` close it as ok, "
                + "`fail` as error; no state is a heartbeat (ok). `series` pairs a run with its end, `env` is the environment, "
                + "`metric=duration:<seconds>` the duration. A monitor key that is new creates the monitor with a daily interval, "
                + "60 minutes' margin and a maximum runtime of a day; an existing monitor's config is never changed. Example: `GET /p/publickey/nightly-job?state=run&series=6ab5b673&env=staging`.")
            .WithQueryParameter("state", "`run`, `complete`, `fail` or `ok`; none is a heartbeat.", "run")
            .WithQueryParameter("series", "An id pairing a run with its complete or fail.", "6ab5b673")
            .WithQueryParameter("env", "The environment (default `production`).", "staging")
            .WithQueryParameter("metric", "Repeatable `name:value`; `duration:<seconds>` is the check-in's duration, others are not kept.", "duration:67.75")
            .WithQueryParameter("message", "Accepted, not kept.", "processed 10 rows")
            .WithQueryParameter("host", "Accepted, not kept.", "worker-1")
            .WithQueryParameter("status_code", "Accepted, not kept: `state` decides.", "0")
            .WithResponseExample(200, "text/plain", "OK", "Recorded.")
            .WithResponseExample(400, "text/plain", "invalid state: expected run, complete, fail or ok", "A malformed event.")
            .WithResponseExample(404, "text/plain", "not found", "Unknown or disabled API key.");
        return group;
    }

    public static async Task<ContentHttpResult> TelemetryAsync(
        string apiKey, string monitorKey, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        try
        {
            var key = ingest.Projects.FindKey(apiKey);
            if (key is null || !key.Enabled || !key.Project.Enabled)
            {
                return PingApi.NotFound();
            }

            var checkIn = CronitorTelemetry.Build(http.Request.Query, key.Project.Id, monitorKey);
            // Cronitor's defaults create an unknown monitor and never change one that exists (README).
            var origin = new CheckInOrigin(key.Project.Id, key.Project.OrganizationId, CheckInSources.Cronitor, UserAgent(http.Request), MonitorConfigCreateOnly: true);
            var message = ingest.Parser.Parse(checkIn, origin);
            await ingest.PublishAsync([message], cancellationToken);
            return PingApi.Ok();
        }
        catch (IngestRejectedException rejection)
        {
            ingest.LogRejection(http, rejection);
            return PingApi.Text(rejection.StatusCode, rejection.Message);
        }
        catch (CheckInPublishException e)
        {
            ingest.LogPublishFailure(http, e);
            http.Response.Headers.RetryAfter = ingest.Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return PingApi.Text(StatusCodes.Status503ServiceUnavailable, "service unavailable");
        }
    }

    /// <summary>Cronitor's SDKs name themselves in the User-Agent (<c>cronitor-js</c>); kept short as an SDK name.</summary>
    private static string? UserAgent(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent.Length <= 100 ? agent : agent[..100];
    }
}
