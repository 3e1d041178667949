using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprEmulator.Core;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.PubSub;

/// <summary>
/// Bulk subscription delivery as daprd does it (DAPR.md §2.3): the messages of one route in one
/// <c>com.dapr.event.sent.bulk</c> request, and a status per entry read from the answer.
/// </summary>
internal sealed class BulkDelivery(AppChannel channel, ILogger logger)
{
    public async Task DeliverAsync(AppInstance member, SubscriptionInfo sub, string route, List<PublishedMessage> messages, DeliveryOutcome outcome, CancellationToken ct)
    {
        var first = messages[0];
        var entries = new JsonArray();
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            JsonNode? ev;
            string contentType;
            if (sub.RawPayload)
            {
                contentType = m.DataContentType;
                ev = CloudEventEnvelope.IsJson(m.DataContentType) ? TryParse(m.Data.ToArray()) : null;
                ev ??= Convert.ToBase64String(m.Data.Span);
            }
            else
            {
                contentType = CloudEventEnvelope.ContentType;
                ev = JsonNode.Parse(m.CloudEventBytes ?? CloudEventEnvelope.WrapRaw(m));
            }

            entries.Add(new JsonObject
            {
                ["entryId"] = i.ToString(CultureInfo.InvariantCulture),
                ["event"] = ev,
                ["contentType"] = contentType,
                ["metadata"] = EntryMetadata(m),
            });
        }

        var envelope = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "com.dapr.event.sent.bulk",
            ["topic"] = first.Topic,
            ["pubsubname"] = first.PubsubName,
            ["metadata"] = new JsonObject(),
            ["entries"] = entries,
        };

        AppResponse response;
        try
        {
            response = await channel.SendAsync(member.Address, HttpMethod.Post, route, Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/json", null, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Bulk delivery of {Count} messages to {App}{Route} failed: {Error}; will retry", messages.Count, member, route, ex.Message);
            outcome.Retry.AddRange(messages);
            return;
        }

        if (response.StatusCode == 404)
        {
            outcome.Drop.AddRange(messages);
            return;
        }

        if (!response.IsSuccess)
        {
            outcome.Retry.AddRange(messages);
            return;
        }

        var statuses = ParseBulkStatuses(response.Body);
        for (var i = 0; i < messages.Count; i++)
        {
            // An entry missing from the answer, or with an unknown status, is retried (DAPR.md §2.3).
            var status = statuses.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var s) ? s : "RETRY";
            outcome.Add(messages[i], status switch
            {
                "SUCCESS" => DeliveryStatus.Success,
                "DROP" => DeliveryStatus.Drop,
                _ => DeliveryStatus.Retry,
            });
        }
    }

    private static Dictionary<string, string> ParseBulkStatuses(byte[] body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && TryGetCaseInsensitive(doc.RootElement, "statuses", out var statuses) && statuses.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in statuses.EnumerateArray())
                {
                    if (TryGetCaseInsensitive(s, "entryId", out var id) && TryGetCaseInsensitive(s, "status", out var st))
                    {
                        var status = st.ValueKind switch
                        {
                            JsonValueKind.String => st.GetString()!.ToUpperInvariant(),
                            JsonValueKind.Number => st.GetInt32() switch { 0 => "SUCCESS", 1 => "RETRY", 2 => "DROP", _ => "RETRY" },
                            _ => "RETRY",
                        };
                        result[id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()] = status;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable answer: every entry is retried.
        }

        return result;
    }

    private static bool TryGetCaseInsensitive(JsonElement e, string name, out JsonElement value)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = p.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static JsonObject EntryMetadata(PublishedMessage m)
    {
        var meta = new JsonObject();
        foreach (var (k, v) in m.Metadata)
        {
            if (k != "rawPayload")
            {
                meta[k] = v;
            }
        }

        if (m.PartitionKey is not null)
        {
            meta["__key"] = m.PartitionKey;
        }

        meta["__topic"] = m.Topic;
        meta["__partition"] = m.Partition.ToString(CultureInfo.InvariantCulture);
        meta["__offset"] = m.Offset.ToString(CultureInfo.InvariantCulture);
        return meta;
    }

    private static JsonNode? TryParse(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
