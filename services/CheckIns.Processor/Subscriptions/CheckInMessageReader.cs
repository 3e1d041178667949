using System.Text;
using System.Text.Json;
using CheckIns.Contracts;

namespace CheckIns.Processor.Subscriptions;

/// <summary>
/// Reads <see cref="CheckInMessage"/>s out of what Dapr delivers: a bulk envelope whose entries carry a
/// CloudEvent (or the raw message when the subscription asks for raw payloads), or a single message
/// that the CloudEvents middleware has already unwrapped. Anything that cannot become a valid message
/// is refused with a reason; it can never be read, so retrying it would only block the partition.
/// </summary>
public static class CheckInMessageReader
{
    /// <summary>True when the body is a bulk envelope ({"entries": [...]}) rather than one message.</summary>
    public static bool IsBulk(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Array;

    public static IReadOnlyList<DeliveredEntry> ReadBulk(JsonElement body)
    {
        var entries = body.GetProperty("entries");
        var read = new List<DeliveredEntry>(entries.GetArrayLength());
        var position = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var entryId = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("entryId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()!
                : position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            position++;

            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("event", out var evt))
            {
                read.Add(DeliveredEntry.Refused(entryId, "the entry has no event"));
                continue;
            }

            var partition = entry.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("__partition", out var p) && p.ValueKind == JsonValueKind.String
                ? p.GetString()!
                : "";
            read.Add(ReadEvent(entryId, evt) with { Partition = partition });
        }

        return read;
    }

    /// <summary>Reads one delivered event: a CloudEvent, a raw message object, or a base64/JSON string of either.</summary>
    public static DeliveredEntry ReadEvent(string entryId, JsonElement evt)
    {
        try
        {
            var data = Unwrap(evt);
            return Validate(entryId, data.Deserialize(ContractsJsonContext.Default.CheckInMessage));
        }
        catch (JsonException ex)
        {
            return DeliveredEntry.Refused(entryId, $"not a check-in message: {ex.Message}");
        }
        catch (FormatException ex)
        {
            return DeliveredEntry.Refused(entryId, $"undecodable payload: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return DeliveredEntry.Refused(entryId, ex.Message);
        }
    }

    private static JsonElement Unwrap(JsonElement evt)
    {
        switch (evt.ValueKind)
        {
            case JsonValueKind.String:
                return Unwrap(ParseText(evt.GetString()!));
            case JsonValueKind.Object when IsCloudEvent(evt):
                if (evt.TryGetProperty("data_base64", out var b64) && b64.ValueKind == JsonValueKind.String)
                {
                    return ParseBytes(Convert.FromBase64String(b64.GetString()!));
                }

                if (!evt.TryGetProperty("data", out var data))
                {
                    throw new InvalidOperationException("the CloudEvent has no data");
                }

                // Some publishers put the JSON text of the message in "data" as a string.
                return data.ValueKind == JsonValueKind.String ? ParseText(data.GetString()!) : data;
            case JsonValueKind.Object:
                return evt;
            default:
                throw new InvalidOperationException($"the event is a JSON {evt.ValueKind}, not an object");
        }
    }

    private static bool IsCloudEvent(JsonElement evt) =>
        evt.TryGetProperty("specversion", out _) || (evt.TryGetProperty("data", out _) && evt.TryGetProperty("type", out _))
        || evt.TryGetProperty("data_base64", out _);

    private static JsonElement ParseText(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return ParseBytes(Encoding.UTF8.GetBytes(text));
        }

        // Raw-payload deliveries carry the bytes base64-encoded.
        return ParseBytes(Convert.FromBase64String(text));
    }

    private static JsonElement ParseBytes(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }

    private static DeliveredEntry Validate(string entryId, CheckInMessage? message)
    {
        if (message is null)
        {
            return DeliveredEntry.Refused(entryId, "the message is null");
        }

        if (message.IsClockPulse)
        {
            // A pulse only moves the stream clock (SEMANTICS R21): its slug and project are never looked at.
            return message.ReceivedAt == default
                ? DeliveredEntry.Refused(entryId, "the clock pulse has no received_at")
                : DeliveredEntry.Read(entryId, message);
        }

        if (message.Kind is not null)
        {
            return DeliveredEntry.Refused(entryId, $"unknown message kind \"{message.Kind}\"");
        }

        string? problem = message switch
        {
            { Version: < 1 or > CheckInMessage.CurrentVersion } => $"unsupported message version {message.Version}",
            _ when string.IsNullOrWhiteSpace(message.MessageId) => "message_id is empty",
            _ when string.IsNullOrWhiteSpace(message.MonitorSlug) => "monitor_slug is empty",
            { ProjectId: <= 0 } => "project_id must be positive",
            _ when message.Payload.ValueKind != JsonValueKind.Object => "payload is not a JSON object",
            _ => null,
        };

        if (problem is not null)
        {
            return DeliveredEntry.Refused(entryId, problem);
        }

        // Ingest normalises the slug (SEMANTICS R24); doing it again here keeps the actor id and the API's
        // lookups on one key even for a publisher that did not.
        var slug = Slugs.Normalize(message.MonitorSlug);
        if (slug.Length == 0)
        {
            return DeliveredEntry.Refused(entryId, $"monitor_slug \"{message.MonitorSlug}\" normalises to nothing");
        }

        return DeliveredEntry.Read(entryId, slug == message.MonitorSlug ? message : message with { MonitorSlug = slug });
    }
}
