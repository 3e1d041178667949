using System.Globalization;
using System.Text;
using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;
using CheckIns.Ingest.Publishing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>
/// Healthchecks' UUID pings (CLIENTS 6): <c>/ping/{uuid}[/start|/fail|/log|/{exit_code}]</c>, and the hosted form
/// without <c>/ping</c>, HEAD, GET and POST. The UUID is the ping's only credential, as in Healthchecks: each monitor
/// environment has one (the read API shows it as <c>ping_uuid</c>), and the processor, which keeps them, names the
/// environment (<see cref="IPingUuidLookup"/>). Then it is a slug ping of that environment: the same statuses, and
/// <c>rid</c> as the check_in_id. A POST body is kept on the check-in up to <see cref="IngestOptions.PingBodyLimit"/>
/// bytes; an environment whose <c>ping_methods</c> is "POST" ignores HEAD and GET pings (200 OK, nothing recorded).
/// </summary>
public static class PingUuidApi
{
    private static readonly string[] Methods = [HttpMethods.Head, HttpMethods.Get, HttpMethods.Post];

    /// <summary>The hosted form (<c>https://hc-ping.com/{uuid}</c>) on ingest's root: the same handlers.</summary>
    public static IEndpointRouteBuilder MapHostedPingUuidApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Healthchecks pings").WithQuietRequestLog();
        group.MapMethods("/{uuid:guid}", Methods, (string uuid, HttpContext http, IngestHandler ingest, IPingUuidLookup lookup, CancellationToken ct) =>
            PingAsync(uuid, null, http, ingest, lookup, ct))
            .WithName("HostedPingByUuid")
            .WithSummary("Healthchecks' hosted UUID form (`hc-ping.com/<uuid>`): the same as `/ping/{uuid}`.")
            .WithDescription("For crontabs written for hc-ping.com: replace the host with ingest's. Example: `curl -fsS http://localhost:5101/<uuid>`.")
            .WithPingUuidDocumentation();
        group.MapMethods("/{uuid:guid}/{action}", Methods, PingAsync)
            .WithName("HostedPingByUuidWithAction")
            .WithSummary("Healthchecks' hosted UUID form with an action: the same as `/ping/{uuid}/{action}`.")
            .WithDescription("`start`, `fail`, `log` or an exit status 0–255. Example: `./job.sh; curl -fsS http://localhost:5101/<uuid>/$?`.")
            .WithPingUuidDocumentation();
        return app;
    }

    internal static RouteHandlerBuilder WithPingUuidDocumentation(this RouteHandlerBuilder route) => route
        .WithQueryParameter("rid", "A run id (UUID) pairing a start with its end.", "5b8f0e36-1f0b-4d5e-8c59-3c1fbb2d7a10")
        .WithResponseExample(200, "text/plain", "OK", "Recorded (or, for `/log` and an ignored GET, accepted).")
        .WithResponseExample(400, "text/plain", "invalid url format", "An unknown action or an exit status above 255; `invalid uuid format` for a bad `rid`.")
        .WithResponseExample(404, "text/plain", "not found", "No monitor environment has this ping UUID.")
        .WithResponseExample(503, "text/plain", "service unavailable", "The UUID could not be looked up or the check-in not queued; retry.");

    public static async Task<ContentHttpResult> PingAsync(
        string uuid, string? action, HttpContext http, IngestHandler ingest, IPingUuidLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(lookup);
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var limit = Math.Max(0, ingest.Options.PingBodyLimit);
        http.Response.Headers["Ping-Body-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        try
        {
            // Healthchecks' URL patterns take the dashed lowercase form; any other text in its place is no UUID URL.
            if (!Guid.TryParseExact(uuid, "D", out var code) || !IsExitStatusOrAction(action))
            {
                return PingApi.Text(StatusCodes.Status400BadRequest, "invalid url format");
            }

            SentryCredentialReader.RequireNoOtherCredential(http.Request);

            // Healthchecks' order: the check first (404), then the exit status (400), then the run id (400).
            var route = await lookup.FindAsync(code, cancellationToken);
            var project = route is null ? null : ingest.Projects.FindProject(route.ProjectId);
            if (route is null || project is null || !project.Enabled)
            {
                return PingApi.NotFound();
            }

            var status = PingApi.StatusOf(action);
            // A UUID names an environment that exists: create=1 has nothing to create, and its defaults must not touch the config.
            var checkIn = PingApi.Build(http.Request.Query, route.MonitorSlug, status, createMonitor: false, route.Environment);
            if (checkIn is null)
            {
                return PingApi.Text(StatusCodes.Status400BadRequest, "invalid uuid format");
            }

            var body = await ReadBodyAsync(http.Request, ingest.Options.MaxBodyBytes, limit, cancellationToken);
            if (status is null || (route.PostOnly && !HttpMethods.IsPost(http.Request.Method)))
            {
                // "/log" changes no state, and an environment that takes POST pings only ignores the others, as
                // Healthchecks answers both: OK, and nothing to publish.
                return PingApi.Ok();
            }

            var origin = new CheckInOrigin(project.Id, project.OrganizationId, CheckInSources.Ping, null);
            var message = ingest.Parser.Parse(checkIn.Value, origin) with { Body = body };
            await ingest.PublishAsync([message], cancellationToken);
            return PingApi.Ok();
        }
        catch (IngestRejectedException rejection)
        {
            ingest.LogRejection(http, rejection);
            return PingApi.Text(rejection.StatusCode, rejection.Message);
        }
        catch (Exception e) when (e is CheckInPublishException or PingLookupException)
        {
            ingest.LogUnavailable(http, e);
            http.Response.Headers.RetryAfter = ingest.Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return PingApi.Text(StatusCodes.Status503ServiceUnavailable, "service unavailable");
        }
    }

    /// <summary>The URL's own shape: no action, a known one, or digits (the exit status, judged after the lookup).</summary>
    private static bool IsExitStatusOrAction(string? action) =>
        action is null or "start" or "fail" or "log" || (action.Length > 0 && action.All(char.IsAsciiDigit));

    /// <summary>The body as text, cut to <paramref name="limit"/> bytes (Healthchecks decodes with replacement characters too); null when empty.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, long maxBytes, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)))
        {
            return null;
        }

        var bytes = await RequestBody.ReadAsync(request, maxBytes, cancellationToken);
        return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, limit));
    }
}
