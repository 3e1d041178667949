using System.Buffers;
using System.Text.Json;
using CheckIns.Contracts;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// The one seam every route goes through: a Sentry check-in object (as JSON) plus its origin
/// becomes a <see cref="CheckInMessage"/>. It checks form only — an object with a usable
/// <c>monitor_slug</c> — and leaves meaning (status, environment, config, unknown keys) to the
/// processor, which records a processing error users can read (DESIGN "ingest checks form").
/// </summary>
public sealed class CheckInParser(TimeProvider timeProvider)
{
    /// <summary>Longer raw slugs are refused; Sentry cuts a normalised slug to 50 characters (R24).</summary>
    public const int MaxRawSlugLength = 200;

    /// <summary>What Relay fills in for a missing <c>check_in_id</c>: "the latest in-progress check-in".</summary>
    public const string NilCheckInId = "00000000-0000-0000-0000-000000000000";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses UTF-8 JSON text; unreadable JSON or invalid UTF-8 is a 400.</summary>
    public static JsonElement ParseJson(ReadOnlyMemory<byte> utf8, string what)
    {
        // The JSON reader checks UTF-8 inside strings only when they are read; check it all now.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw IngestRejectedException.BadRequest($"{what} is not valid UTF-8.");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, DocumentOptions);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw IngestRejectedException.BadRequest($"{what} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Builds the message. <paramref name="slugOverride"/> is the cron route's path slug, which
    /// wins over the body's (as in Relay). <c>project_id</c> of the native API is not part of
    /// the Sentry item and is left out of the payload. <paramref name="missingCheckInId"/> is
    /// what a check-in without <c>check_in_id</c> gets: the nil id (Relay's fill) unless the
    /// route assigns one of its own, as the native API does so that its caller can close it.
    /// </summary>
    public CheckInMessage Parse(JsonElement checkIn, CheckInOrigin origin, string? slugOverride = null, string? missingCheckInId = null)
    {
        if (checkIn.ValueKind != JsonValueKind.Object)
        {
            throw IngestRejectedException.BadRequest("A check-in must be a JSON object.");
        }

        var rawSlug = slugOverride ?? ReadSlug(checkIn);
        var slug = CheckSlug(rawSlug);
        var payload = Rewrite(checkIn, slugOverride, missingCheckInId ?? NilCheckInId);
        var now = timeProvider.GetUtcNow();
        return new CheckInMessage
        {
            MessageId = Guid.CreateVersion7(now).ToString("N"),
            ProjectId = origin.ProjectId,
            OrganizationId = origin.OrganizationId,
            ReceivedAt = now,
            MonitorSlug = slug,
            Payload = payload,
            Sdk = origin.Sdk,
            Source = origin.Source,
            MonitorConfigCreateOnly = origin.MonitorConfigCreateOnly,
        };
    }

    /// <summary>The check-in id the client will see: the payload's, or the one filled in.</summary>
    public static string CheckInIdOf(CheckInMessage message) =>
        message.Payload.TryGetProperty("check_in_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : id.ToString();

    private static string ReadSlug(JsonElement checkIn)
    {
        if (!checkIn.TryGetProperty("monitor_slug", out var slug) || slug.ValueKind == JsonValueKind.Null)
        {
            throw IngestRejectedException.BadRequest("The field monitor_slug is required.", "monitor_slug");
        }

        if (slug.ValueKind != JsonValueKind.String)
        {
            throw IngestRejectedException.BadRequest("The field monitor_slug must be a string.", "monitor_slug");
        }

        return slug.GetString()!;
    }

    private static string CheckSlug(string rawSlug)
    {
        if (rawSlug.Length > MaxRawSlugLength)
        {
            throw IngestRejectedException.BadRequest(
                $"The field monitor_slug is too long: {rawSlug.Length} characters, at most {MaxRawSlugLength}.", "monitor_slug");
        }

        var slug = MonitorSlugs.Normalize(rawSlug);
        if (slug.Length == 0)
        {
            throw IngestRejectedException.BadRequest(
                $"The field monitor_slug \"{MonitorSlugs.Describe(rawSlug)}\" is empty once normalised.", "monitor_slug");
        }

        return slug;
    }

    private static JsonElement Rewrite(JsonElement checkIn, string? slugOverride, string missingCheckInId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var hasId = false;
            var wroteSlug = false;
            foreach (var property in checkIn.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "project_id":
                        continue;
                    case "monitor_slug" when slugOverride is not null:
                        writer.WriteString("monitor_slug", slugOverride);
                        wroteSlug = true;
                        continue;
                    case "check_in_id" when property.Value.ValueKind == JsonValueKind.Null:
                        continue;
                    case "check_in_id":
                        hasId = true;
                        break;
                }

                property.WriteTo(writer);
            }

            if (slugOverride is not null && !wroteSlug)
            {
                writer.WriteString("monitor_slug", slugOverride);
            }

            if (!hasId)
            {
                writer.WriteString("check_in_id", missingCheckInId);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
