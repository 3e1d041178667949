using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>What the legacy check-in API answers: the id of the check-in, dashed, as Sentry gave it to DSN clients.</summary>
public sealed record LegacyCheckInAccepted(
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

/// <summary>
/// Sentry's legacy web-API check-ins (CLIENTS 2.2), still in old scripts and sentry-cli before 2.19:
/// <c>POST /api/0/organizations/{org}/monitors/{slug}/checkins/</c> creates a check-in and answers
/// <c>201 {"id":…}</c>; <c>PUT …/checkins/{id}/</c> or <c>…/checkins/latest/</c> closes or updates it.
/// The org-less <c>/api/0/monitors/{slug}/checkins/</c> is served too. Auth is <c>Authorization: DSN …</c>;
/// the project is the DSN's, and the organisation in the path is not compared (ingest knows organisation
/// ids, not slugs). <c>duration</c> is in milliseconds here, seconds in the check-in that is published.
/// </summary>
public static class LegacyCheckInsApi
{
    private static readonly string[] Statuses = ["in_progress", "ok", "error"];

    public static RouteGroupBuilder MapLegacyCheckInsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/0").WithTags("Sentry legacy check-ins").WithQuietRequestLog();
        const string description =
            "Sentry's deprecated HTTP check-in API, authenticated with `Authorization: DSN <public DSN>`. The body is JSON: "
            + "`status` (`in_progress`, `ok`, `error`; `in_progress` when a POST leaves it out), `environment`, `duration` in "
            + "**milliseconds**, and `monitor_config` (old or new shape) to create or update the monitor. "
            + "Example: `POST /api/0/organizations/acme/monitors/nightly-report/checkins/` with `{\"status\":\"in_progress\"}` → "
            + "`201 {\"id\":\"…\"}`, then `PUT …/checkins/{id}/` with `{\"status\":\"ok\",\"duration\":61500}` → `200`.";
        group.MapPost("/organizations/{organizationSlug}/monitors/{monitorSlug}/checkins/", (string organizationSlug, string monitorSlug, HttpContext http, IngestHandler ingest, CancellationToken ct) =>
                CreateAsync(monitorSlug, http, ingest, ct))
            .WithName("LegacyCreateCheckIn")
            .WithSummary("Create a check-in (legacy API); answers 201 with its id.")
            .WithDescription(description)
            .WithLegacyExamples()
            .WithResponseExample(201, "application/json", """{"id":"5d0f3f4e-7c52-4b2e-9c1f-2f8d7a9b6c41"}""", "Created; send this id in the PUT that closes the check-in.");
        group.MapPost("/monitors/{monitorSlug}/checkins/", CreateAsync)
            .WithName("LegacyCreateCheckInWithoutOrganization")
            .WithSummary("Create a check-in (legacy API, no organisation in the path).")
            .WithDescription(description)
            .WithLegacyExamples()
            .WithResponseExample(201, "application/json", """{"id":"5d0f3f4e-7c52-4b2e-9c1f-2f8d7a9b6c41"}""", "Created; send this id in the PUT that closes the check-in.");
        group.MapPut("/organizations/{organizationSlug}/monitors/{monitorSlug}/checkins/{checkInId}/", (string organizationSlug, string monitorSlug, string checkInId, HttpContext http, IngestHandler ingest, CancellationToken ct) =>
                UpdateAsync(monitorSlug, checkInId, http, ingest, ct))
            .WithName("LegacyUpdateCheckIn")
            .WithSummary("Update a check-in by id, or the latest in-progress one with `latest` (legacy API).")
            .WithDescription(description)
            .WithLegacyExamples()
            .WithResponseExample(200, "application/json", """{"id":"5d0f3f4e-7c52-4b2e-9c1f-2f8d7a9b6c41"}""", "Queued; `{}` for `latest`.");
        group.MapPut("/monitors/{monitorSlug}/checkins/{checkInId}/", UpdateAsync)
            .WithName("LegacyUpdateCheckInWithoutOrganization")
            .WithSummary("Update a check-in by id or `latest` (legacy API, no organisation in the path).")
            .WithDescription(description)
            .WithLegacyExamples()
            .WithResponseExample(200, "application/json", """{"id":"5d0f3f4e-7c52-4b2e-9c1f-2f8d7a9b6c41"}""", "Queued; `{}` for `latest`.");
        return group;
    }

    private static RouteHandlerBuilder WithLegacyExamples(this RouteHandlerBuilder route) => route
        .WithRequestExample("application/json", """{"status":"ok","environment":"production","duration":61500}""")
        .WithResponseExample(401, "application/problem+json", """{"title":"Unauthorized","status":401,"detail":"Missing authorization: send Authorization: DSN <your public DSN> (token auth is not served here)."}""", "No DSN, or another credential as well.")
        .WithResponseExample(400, "application/problem+json", """{"title":"Bad Request","status":400,"detail":"\"running\" is not a valid choice of status (in_progress, ok, error).","field":"status","errors":{"status":["\"running\" is not a valid choice of status (in_progress, ok, error)."]}}""", "A field of the body is invalid; the field is named.");

    public static Task<Results<Created<LegacyCheckInAccepted>, ProblemHttpResult>> CreateAsync(
        string monitorSlug, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        ingest.RunAsync(http, async () =>
        {
            var id = Guid.NewGuid().ToString();
            await PublishAsync(monitorSlug, id, defaultStatus: "in_progress", http, ingest, cancellationToken);
            return TypedResults.Created((string?)null, new LegacyCheckInAccepted(id));
        });

    public static Task<Results<Ok<LegacyCheckInAccepted>, ProblemHttpResult>> UpdateAsync(
        string monitorSlug, string checkInId, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        ingest.RunAsync(http, async () =>
        {
            // "latest" is the newest check-in still in progress: the nil id, which processing resolves (R51).
            var latest = string.Equals(checkInId, "latest", StringComparison.Ordinal);
            if (!latest && !Guid.TryParse(checkInId, out _))
            {
                throw IngestRejectedException.BadRequest("Invalid check-in UUID.", "check_in_id");
            }

            var id = latest ? CheckInParser.NilCheckInId : Guid.Parse(checkInId).ToString();
            await PublishAsync(monitorSlug, id, defaultStatus: null, http, ingest, cancellationToken);
            return TypedResults.Ok(new LegacyCheckInAccepted(latest ? null : id));
        });

    private static async Task PublishAsync(
        string monitorSlug, string checkInId, string? defaultStatus, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken)
    {
        var authenticated = DsnAuthorization.Authenticate(http.Request, ingest.Authenticator);
        if (Guid.TryParse(monitorSlug, out _))
        {
            throw new IngestRejectedException(StatusCodes.Status404NotFound, "Monitors are addressed by slug here, not by their Sentry id.", "monitor_slug");
        }

        var body = await RequestBody.ReadAsync(http.Request, ingest.Options.MaxBodyBytes, cancellationToken);
        var json = body.Length == 0 ? default : CheckInParser.ParseJson(body, "The body");
        if (body.Length != 0 && json.ValueKind != JsonValueKind.Object)
        {
            throw IngestRejectedException.BadRequest("The body must be a JSON object.");
        }

        var checkIn = ToCheckIn(json, checkInId, defaultStatus);
        var origin = new CheckInOrigin(authenticated.Project.Id, authenticated.Project.OrganizationId, CheckInSources.Legacy, authenticated.Client);
        var message = ingest.Parser.Parse(checkIn, origin, slugOverride: monitorSlug);
        await ingest.PublishAsync([message], cancellationToken);
    }

    /// <summary>
    /// The body as Sentry's legacy validator read it, written as a check-in: the fields it knew are checked for
    /// type here (that API answered 400 for them), the rest of its keys are dropped as it dropped them.
    /// </summary>
    private static JsonElement ToCheckIn(JsonElement body, string checkInId, string? defaultStatus)
    {
        var isObject = body.ValueKind == JsonValueKind.Object;
        var status = isObject && body.TryGetProperty("status", out var s) && s.ValueKind != JsonValueKind.Null ? s : (JsonElement?)null;
        string statusText;
        if (status is null)
        {
            statusText = defaultStatus ?? throw IngestRejectedException.BadRequest("The field status is required.", "status");
        }
        else if (status.Value.ValueKind != JsonValueKind.String || !Statuses.Contains(status.Value.GetString()))
        {
            throw IngestRejectedException.BadRequest($"\"{status.Value}\" is not a valid choice of status (in_progress, ok, error).", "status");
        }
        else
        {
            statusText = status.Value.GetString()!;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("check_in_id", checkInId);
            writer.WriteString("status", statusText);
            if (isObject && body.TryGetProperty("environment", out var environment) && environment.ValueKind != JsonValueKind.Null)
            {
                if (environment.ValueKind != JsonValueKind.String)
                {
                    throw IngestRejectedException.BadRequest("The field environment must be a string.", "environment");
                }

                writer.WriteString("environment", environment.GetString());
            }

            if (isObject && body.TryGetProperty("duration", out var duration) && duration.ValueKind != JsonValueKind.Null)
            {
                if (duration.ValueKind != JsonValueKind.Number || !duration.TryGetInt64(out var milliseconds) || milliseconds < 0)
                {
                    throw IngestRejectedException.BadRequest("The field duration must be a whole number of milliseconds, 0 or more.", "duration");
                }

                writer.WriteNumber("duration", milliseconds / 1000.0);
            }

            if (isObject && body.TryGetProperty("monitor_config", out var config) && config.ValueKind != JsonValueKind.Null)
            {
                // Old shape or new: the processor's validator reads both (SEMANTICS §18) and judges the config.
                writer.WritePropertyName("monitor_config");
                config.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return CheckInParser.ParseJson(buffer.WrittenMemory, "The check-in");
    }
}
