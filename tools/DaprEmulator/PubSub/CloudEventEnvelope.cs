using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprEmulator.PubSub;

/// <summary>Builds the CloudEvent daprd wraps a published payload in (dapr/dapr pkg/runtime/pubsub/cloudevents.go).</summary>
internal static class CloudEventEnvelope
{
    public const string ContentType = "application/cloudevents+json";

    private const string SpecVersion = "1.0";
    private const string DefaultType = "com.dapr.event.sent";

    public static bool IsJson(string contentType) =>
        contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the envelope bytes and the bare payload bytes (the envelope's data).</summary>
    public static (byte[] Envelope, byte[] Data, string DataContentType, string Id) Build(
        string pubsub,
        string topic,
        string sourceAppId,
        byte[] payload,
        string contentType,
        IReadOnlyDictionary<string, string> metadata,
        DateTimeOffset now)
    {
        if (IsJson(contentType) && !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) && IsValidJson(payload))
        {
            return BuildAroundJson(pubsub, topic, sourceAppId, payload, contentType, metadata, now);
        }

        JsonObject ev;
        if (contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) && TryParseObject(payload, out var given))
        {
            ev = given;
        }
        else
        {
            ev = new JsonObject { ["datacontenttype"] = contentType };
            SetData(ev, payload, contentType);
        }

        // A given envelope keeps its own attributes; only the missing ones are filled in.
        var attributes = Attributes.Of(sourceAppId, metadata, now);
        ev["id"] ??= attributes.Id;
        ev["source"] ??= attributes.Source;
        ev["type"] ??= attributes.Type;
        ev["specversion"] ??= SpecVersion;
        ev["datacontenttype"] ??= "application/json";
        ev["topic"] = topic;
        ev["pubsubname"] = pubsub;
        ev["time"] ??= attributes.Time;
        ev["traceid"] ??= attributes.TraceParent;
        ev["traceparent"] ??= attributes.TraceParent;
        ev["tracestate"] ??= string.Empty;

        var dataContentType = ev["datacontenttype"]!.GetValue<string>();
        var data = ExtractData(ev, dataContentType);
        return (Encoding.UTF8.GetBytes(ev.ToJsonString()), data, dataContentType, ev["id"]!.ToString());
    }

    /// <summary>
    /// The common case, JSON data: the envelope is written around the payload's bytes as they are, without building a
    /// document of it, and the data is those bytes. The fields are those of the general path, in the same order.
    /// </summary>
    private static (byte[] Envelope, byte[] Data, string DataContentType, string Id) BuildAroundJson(
        string pubsub,
        string topic,
        string sourceAppId,
        byte[] payload,
        string contentType,
        IReadOnlyDictionary<string, string> metadata,
        DateTimeOffset now)
    {
        var attributes = Attributes.Of(sourceAppId, metadata, now);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(payload.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("datacontenttype", contentType);
            writer.WritePropertyName("data");
            writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteString("id", attributes.Id);
            writer.WriteString("source", attributes.Source);
            writer.WriteString("type", attributes.Type);
            writer.WriteString("specversion", SpecVersion);
            writer.WriteString("topic", topic);
            writer.WriteString("pubsubname", pubsub);
            writer.WriteString("time", attributes.Time);
            writer.WriteString("traceid", attributes.TraceParent);
            writer.WriteString("traceparent", attributes.TraceParent);
            writer.WriteString("tracestate", string.Empty);
            writer.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), payload, contentType, attributes.Id);
    }

    private static bool IsValidJson(byte[] payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The envelope daprd gives a raw-published message when the subscriber is not raw.</summary>
    public static byte[] WrapRaw(PublishedMessage m)
    {
        var ev = new JsonObject
        {
            ["id"] = m.Id,
            ["source"] = m.PublisherAppId,
            ["type"] = DefaultType,
            ["specversion"] = SpecVersion,
            ["datacontenttype"] = m.DataContentType,
            ["topic"] = m.Topic,
            ["pubsubname"] = m.PubsubName,
        };
        SetData(ev, m.Data.ToArray(), m.DataContentType);
        return Encoding.UTF8.GetBytes(ev.ToJsonString());
    }

    private static void SetData(JsonObject ev, byte[] payload, string contentType)
    {
        if (IsJson(contentType) && TryParseNode(payload, out var node))
        {
            ev["data"] = node;
        }
        else if (contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            ev["data"] = Encoding.UTF8.GetString(payload);
        }
        else
        {
            ev["data_base64"] = Convert.ToBase64String(payload);
        }
    }

    private static byte[] ExtractData(JsonObject ev, string dataContentType)
    {
        if (ev["data_base64"] is JsonValue b64 && b64.TryGetValue<string>(out var s64))
        {
            return Convert.FromBase64String(s64);
        }

        var data = ev["data"];
        if (data is null)
        {
            return [];
        }

        if (!IsJson(dataContentType) && data is JsonValue v && v.TryGetValue<string>(out var text))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        return Encoding.UTF8.GetBytes(data.ToJsonString());
    }

    private static bool TryParseObject(byte[] payload, out JsonObject result)
    {
        result = null!;
        if (TryParseNode(payload, out var node) && node is JsonObject obj)
        {
            result = obj;
            return true;
        }

        return false;
    }

    private static bool TryParseNode(byte[] payload, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    /// <summary>The attributes daprd sets from the publish metadata (<c>cloudevent.*</c>), or its defaults.</summary>
    private readonly record struct Attributes(string Id, string Source, string Type, string Time, string TraceParent)
    {
        public static Attributes Of(string sourceAppId, IReadOnlyDictionary<string, string> metadata, DateTimeOffset now) => new(
            metadata.TryGetValue("cloudevent.id", out var id) ? id : Guid.NewGuid().ToString(),
            metadata.TryGetValue("cloudevent.source", out var source) ? source : sourceAppId,
            metadata.TryGetValue("cloudevent.type", out var type) ? type : DefaultType,
            now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            metadata.TryGetValue("cloudevent.traceparent", out var traceparent) ? traceparent : "00-00000000000000000000000000000000-0000000000000000-00");
    }
}
