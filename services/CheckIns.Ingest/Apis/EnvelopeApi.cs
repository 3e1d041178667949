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
            .WithSummary("Accept a Sentry envelope; its check_in items are queued for processing.");
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
