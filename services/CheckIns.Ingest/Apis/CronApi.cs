using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>
/// Sentry's plain-HTTP cron endpoint (CLIENTS 2.1), GET and POST, with or without the key
/// segment: <c>?status=…&amp;check_in_id=…&amp;environment=…&amp;duration=…</c>, or a JSON check-in body.
/// Answers 202 with an empty body.
/// </summary>
public static class CronApi
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Post];

    public static RouteGroupBuilder MapCronApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/{projectId}/cron/{monitorSlug}").WithTags("Sentry cron").WithQuietRequestLog();
        group.MapMethods("/{sentryKey}/", Methods, WithKeyAsync)
            .WithName("CronCheckInWithKey")
            .WithSummary("Record a check-in; the DSN's public key is in the path.")
            .WithCronDocumentation();
        group.MapMethods("/", Methods, WithoutKeyAsync)
            .WithName("CronCheckIn")
            .WithSummary("Record a check-in; the key comes from a header or the query string.")
            .WithCronDocumentation()
            .WithQueryParameter("sentry_key", "The DSN's public key, when no header carries it.", "publickey");
        return group;
    }

    private static RouteHandlerBuilder WithCronDocumentation(this RouteHandlerBuilder route) => route
        .WithDescription(
            "Sentry's plain-HTTP cron endpoint for curl and shell scripts, GET or POST. The check-in is in the query string "
            + "(`status` required), or, with `Content-Type: application/json`, a check-in object in the body that may carry "
            + "`monitor_config` to create or update the monitor. The path's slug wins over a `monitor_slug` in the body. "
            + "Without `check_in_id`, an `ok` or `error` closes the latest in-progress check-in. Answers 202 with an empty body.")
        .WithQueryParameter("status", "`in_progress`, `ok` or `error`; required unless the body is JSON.", "ok")
        .WithQueryParameter("check_in_id", "A UUID pairing a start with its end.", "ebf254e4-5ff0-4dc6-bd13-53ae6a5385ba")
        .WithQueryParameter("environment", "The environment (default `production`).", "dev")
        .WithQueryParameter("duration", "Seconds the job ran.", "12.3")
        .WithRequestExample("application/json", """{"status":"in_progress","monitor_config":{"schedule":{"type":"interval","value":10,"unit":"minute"},"checkin_margin":5}}""")
        .WithResponseExample(400, "application/problem+json", """{"title":"Bad Request","status":400,"detail":"The query parameter status is required.","field":"status","errors":{"status":["The query parameter status is required."]}}""", "Malformed: the field is named.");

    public static Task<Results<Accepted, ProblemHttpResult>> WithKeyAsync(
        string projectId, string monitorSlug, string sentryKey, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        HandleAsync(projectId, monitorSlug, sentryKey, http, ingest, cancellationToken);

    public static Task<Results<Accepted, ProblemHttpResult>> WithoutKeyAsync(
        string projectId, string monitorSlug, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        HandleAsync(projectId, monitorSlug, null, http, ingest, cancellationToken);

    private static Task<Results<Accepted, ProblemHttpResult>> HandleAsync(
        string projectId, string monitorSlug, string? sentryKey, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        ingest.RunAsync(http, async () =>
        {
            var id = SentryAuthenticator.ParseProjectId(projectId);
            var authenticated = ingest.Authenticator.Authenticate(id, SentryCredentialReader.Read(http.Request, sentryKey));
            var checkIn = IsJson(http.Request)
                ? await ReadJsonAsync(http.Request, ingest.Options.MaxBodyBytes, cancellationToken)
                : FromQuery(http.Request.Query);
            var origin = new CheckInOrigin(authenticated.Project.Id, authenticated.Project.OrganizationId, CheckInSources.Cron, authenticated.Client);
            var message = ingest.Parser.Parse(checkIn, origin, slugOverride: monitorSlug);
            await ingest.PublishAsync([message], cancellationToken);
            return TypedResults.Accepted((string?)null);
        });

    private static bool IsJson(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<JsonElement> ReadJsonAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        var json = CheckInParser.ParseJson(body, "The body");
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw IngestRejectedException.BadRequest("The body must be a check-in object.");
        }

        if (!json.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null)
        {
            throw IngestRejectedException.BadRequest("The field status is required.", "status");
        }

        return json;
    }

    /// <summary>
    /// Relay's query form: <c>status</c> is required (any string travels on), <c>check_in_id</c>
    /// must be a UUID and <c>duration</c> a number, since they are typed in the query.
    /// </summary>
    private static JsonElement FromQuery(IQueryCollection query)
    {
        var status = Single(query, "status");
        if (string.IsNullOrEmpty(status))
        {
            throw IngestRejectedException.BadRequest("The query parameter status is required.", "status");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (Single(query, "check_in_id") is { Length: > 0 } checkInId)
            {
                if (!Guid.TryParse(checkInId, out _))
                {
                    throw IngestRejectedException.BadRequest("The query parameter check_in_id is not a UUID.", "check_in_id");
                }

                writer.WriteString("check_in_id", checkInId);
            }

            writer.WriteString("status", status);
            if (Single(query, "environment") is { } environment)
            {
                writer.WriteString("environment", environment);
            }

            if (Single(query, "duration") is { Length: > 0 } durationText)
            {
                if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration) || !double.IsFinite(duration))
                {
                    throw IngestRejectedException.BadRequest("The query parameter duration is not a number of seconds.", "duration");
                }

                writer.WriteNumber("duration", duration);
            }

            writer.WriteEndObject();
        }

        return CheckInParser.ParseJson(buffer.WrittenMemory, "The query");
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw IngestRejectedException.BadRequest($"The query parameter {name} is given more than once.", name),
        };
    }
}
