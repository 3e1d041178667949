using System.Text.Json;
using System.Text.Json.Serialization;
using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>What the native API answers per accepted check-in.</summary>
public sealed record CheckInAccepted(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("message_id")] string MessageId);

/// <summary>
/// <c>POST /v1/checkins</c>: a Sentry check-in object plus <c>project_id</c>, or an array of
/// them. The target of Dapr service invocation (method <c>v1/checkins</c> on app-id ingest) and of
/// scripts: it needs the Dapr app token or a credential of the project the check-ins name
/// (<see cref="NativeAuthenticator"/>).
/// </summary>
public static class NativeCheckInsApi
{
    public static RouteGroupBuilder MapNativeCheckInsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/checkins").WithTags("Native check-ins").WithQuietRequestLog();
        group.MapPost("", PostAsync)
            .WithName("PostCheckIns")
            .WithSummary("Accept one check-in or an array of check-ins and queue them for processing.")
            .WithDescription(
                "A Sentry check-in object plus `project_id`, or an array of up to 100. Meant to be called through Dapr service "
                + "invocation (app `ingest`, method `v1/checkins`); with `APP_API_TOKEN` set, the `dapr-api-token` header is required. "
                + "Ingest checks form (`project_id`, `monitor_slug`) and answers 202 once the check-ins are published; the processor "
                + "judges status, environment and `monitor_config`. A check-in without `check_in_id` gets a fresh id, answered as "
                + "`id`: send it with the closing check-in. The all-zero id means \"the latest in-progress check-in\".")
            .WithRequestExample("application/json", """{"project_id":1,"monitor_slug":"nightly-report","status":"in_progress","environment":"production","monitor_config":{"schedule":{"type":"crontab","value":"0 3 * * *"},"checkin_margin":5,"max_runtime":30}}""")
            .WithResponseExample(202, "application/json", """{"id":"5d0f3f4e-7c52-4b2e-9c1f-2f8d7a9b6c41","message_id":"0193a7c4e2b87d5e9a1b2c3d4e5f6a7b"}""", "Published; `id` is the check-in id (an array of these for an array).")
            .WithResponseExample(400, "application/problem+json", """{"title":"Bad Request","status":400,"detail":"The field monitor_slug is required.","field":"monitor_slug","errors":{"monitor_slug":["The field monitor_slug is required."]}}""", "Malformed: the field is named.")
            .WithResponseExample(503, "application/problem+json", """{"title":"Service unavailable","status":503,"detail":"The check-ins could not be queued; nothing was accepted. Retry later."}""", "Not published; retry after `Retry-After` seconds.");
        return group;
    }

    public static Task<Results<Results<Accepted<CheckInAccepted>, Accepted<CheckInAccepted[]>>, ProblemHttpResult>> PostAsync(
        HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        ingest.RunAsync<Results<Accepted<CheckInAccepted>, Accepted<CheckInAccepted[]>>>(http, async () =>
        {
            var caller = ingest.NativeAuthenticator.Authenticate(http.Request);
            var body = await RequestBody.ReadAsync(http.Request, ingest.Options.MaxBodyBytes, cancellationToken);
            var json = CheckInParser.ParseJson(body, "The body");
            var single = json.ValueKind == JsonValueKind.Object;
            var items = single ? [json] : ReadArray(json, ingest.Options.MaxCheckInsPerRequest);
            var messages = items.Select((item, index) => Parse(ingest, caller, item, single ? null : index)).ToList();
            await ingest.PublishAsync(messages, cancellationToken);
            var accepted = messages.Select(m => new CheckInAccepted(CheckInParser.CheckInIdOf(m), m.MessageId)).ToArray();
            if (single)
            {
                return TypedResults.Accepted((string?)null, accepted[0]);
            }

            return TypedResults.Accepted((string?)null, accepted);
        });

    private static List<JsonElement> ReadArray(JsonElement json, int max)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw IngestRejectedException.BadRequest("The body must be a check-in object or an array of check-in objects.");
        }

        var count = json.GetArrayLength();
        if (count == 0)
        {
            throw IngestRejectedException.BadRequest("The array holds no check-ins.");
        }

        return count <= max
            ? [.. json.EnumerateArray()]
            : throw IngestRejectedException.TooLarge($"The array holds {count} check-ins; at most {max} are accepted per request.");
    }

    private static CheckInMessage Parse(IngestHandler ingest, NativeCaller caller, JsonElement item, int? index)
    {
        try
        {
            var projectId = ReadProjectId(item);
            var project = ingest.Projects.FindProject(projectId);
            if (project is null || !project.Enabled)
            {
                throw new IngestRejectedException(StatusCodes.Status403Forbidden, $"Project {projectId} is unknown or disabled.", "project_id");
            }

            if (!caller.MaySend(project.Id))
            {
                throw new IngestRejectedException(StatusCodes.Status403Forbidden, $"The {caller.Credential} is not a credential of project {projectId}.", "project_id");
            }

            // A check-in sent without an id gets a fresh one here, answered in the 202 body and used by processing,
            // so that the caller can close the check-in it opened; an explicit nil id still means "the latest".
            var origin = new CheckInOrigin(project.Id, project.OrganizationId, CheckInSources.Native, null);
            return ingest.Parser.Parse(item, origin, missingCheckInId: Guid.NewGuid().ToString());
        }
        catch (IngestRejectedException r) when (index is not null)
        {
            // Name the element, so that the caller can find it in its array.
            var field = r.Field is null ? $"[{index}]" : $"[{index}].{r.Field}";
            throw new IngestRejectedException(r.StatusCode, $"Check-in [{index}]: {r.Message}", field);
        }
    }

    private static long ReadProjectId(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw IngestRejectedException.BadRequest("A check-in must be a JSON object.");
        }

        if (!item.TryGetProperty("project_id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            throw IngestRejectedException.BadRequest("The field project_id is required.", "project_id");
        }

        // A number, or a numeric string as project ids appear in DSNs.
        return id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt64(out var n) && n > 0 => n,
            JsonValueKind.String when Projects.ProjectIds.TryParse(id.GetString(), out var n) => n,
            _ => throw IngestRejectedException.BadRequest("The field project_id must be a positive integer.", "project_id"),
        };
    }
}
