using System.Text.Json.Serialization;
using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Ingest.Apis;

/// <summary>Relay's answer to an envelope: <c>{}</c>, or <c>{"id":…}</c> when the header had an event_id.</summary>
public sealed record EnvelopeAccepted(
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

/// <summary>
/// <c>POST /api/{project_id}/envelope/</c>: what every Sentry SDK and sentry-cli send. The
/// <c>check_in</c> items are published; every other item type is accepted and ignored.
/// </summary>
public static class EnvelopeApi
{
    public static RouteGroupBuilder MapEnvelopeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/{projectId}").WithTags("Sentry envelopes").WithQuietRequestLog();
        group.MapPost("/envelope/", PostAsync)
            .WithName("PostEnvelope")
            .WithSummary("Accept a Sentry envelope; its check_in items are queued for processing.")
            .WithDescription(
                "What every Sentry SDK and sentry-cli send to the DSN's project. The key comes from `X-Sentry-Auth`, "
                + "`Authorization: Sentry …`, Basic auth, the `sentry_key` query parameter, or the envelope header's `dsn` "
                + "(tunnel); exactly one. gzip, deflate and br bodies are read; items without `length` and a missing final "
                + "newline are accepted. `check_in` items are published, every other item type is ignored.")
            .WithQueryParameter("sentry_key", "The DSN's public key, when no header carries it.", "publickey")
            .WithRequestExample("application/x-sentry-envelope", "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"sent_at\":\"2026-11-24T21:00:00Z\"}\n{\"type\":\"check_in\"}\n{\"check_in_id\":\"83a7c03ed0a04e1b97e2e3b18d38f244\",\"monitor_slug\":\"nightly-report\",\"status\":\"ok\",\"duration\":12.5}\n")
            .WithResponseExample(200, "application/json", """{"id":"9ec79c33ec9942ab8353589fcb2e04dc"}""", "Published; `{}` when the header had no `event_id`.")
            .WithResponseExample(401, "application/problem+json", """{"title":"Unauthorized","status":401,"detail":"Missing authorization: send the DSN's public key."}""", "No key, or a key in more than one place.")
            .WithResponseExample(403, "application/problem+json", """{"title":"Forbidden","status":403,"detail":"Event submission rejected: the key is unknown, disabled or not a key of this project."}""", "Unknown or disabled key or project.");
        return group;
    }

    public static Task<Results<Ok<EnvelopeAccepted>, ProblemHttpResult>> PostAsync(
        string projectId, HttpContext http, IngestHandler ingest, CancellationToken cancellationToken) =>
        ingest.RunAsync(http, async () =>
        {
            var id = SentryAuthenticator.ParseProjectId(projectId);
            var credentials = SentryCredentialReader.Read(http.Request);
            var authenticated = credentials is null ? null : ingest.Authenticator.Authenticate(id, credentials);
            var options = ingest.Options;
            var body = await RequestBody.ReadAsync(http.Request, options.MaxEnvelopeBytes, cancellationToken);
            var envelope = Envelope.Parse(body, options.MaxEnvelopeItems, options.MaxCheckInBytes);

            // Tunnel mode: a request with no credentials of its own may carry the DSN in the header.
            authenticated ??= ingest.Authenticator.Authenticate(id, ReadTunnelCredentials(envelope));

            var origin = new CheckInOrigin(
                authenticated.Project.Id,
                authenticated.Project.OrganizationId,
                CheckInSources.Envelope,
                envelope.Sdk ?? authenticated.Client);
            var messages = envelope.Items
                .Where(item => item.Type == Envelope.CheckInItemType)
                .Select((item, index) => ParseItem(ingest, item, origin, index))
                .ToList();
            await ingest.PublishAsync(messages, cancellationToken);
            return TypedResults.Ok(new EnvelopeAccepted(envelope.EventId));
        });

    private static SentryCredentials? ReadTunnelCredentials(Envelope envelope) =>
        envelope.Dsn is { } dsn && SentryCredentialReader.FromDsn(dsn) is { } fromDsn ? fromDsn.Credentials : null;

    private static CheckInMessage ParseItem(IngestHandler ingest, EnvelopeItem item, CheckInOrigin origin, int index)
    {
        var json = CheckInParser.ParseJson(item.Payload, $"check_in item {index + 1}");
        return ingest.Parser.Parse(json, origin);
    }
}
