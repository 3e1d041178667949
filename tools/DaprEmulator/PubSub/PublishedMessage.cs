using System.Text;
using System.Text.Json;

namespace DaprEmulator.PubSub;

/// <summary>A message as the broker stores it: what was published, where it landed, and its CloudEvent envelope.</summary>
public sealed class PublishedMessage
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    internal PublishedMessage(
        string pubsubName,
        string topic,
        string publisherAppId,
        string id,
        byte[] data,
        string dataContentType,
        byte[]? cloudEvent,
        IReadOnlyDictionary<string, string> metadata,
        string? partitionKey,
        DateTimeOffset publishedAt)
    {
        PubsubName = pubsubName;
        Topic = topic;
        PublisherAppId = publisherAppId;
        Id = id;
        Data = data;
        DataContentType = dataContentType;
        CloudEventBytes = cloudEvent;
        Metadata = metadata;
        PartitionKey = partitionKey;
        PublishedAt = publishedAt;
    }

    public string PubsubName { get; }

    public string Topic { get; }

    public string PublisherAppId { get; }

    /// <summary>The CloudEvent id (or a generated id for a raw payload).</summary>
    public string Id { get; }

    /// <summary>The payload: the CloudEvent's <c>data</c> (decoded from <c>data_base64</c> if need be), or the raw bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public string DataContentType { get; }

    /// <summary>Publish metadata, as sent (partitionKey, rawPayload, …).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string? PartitionKey { get; }

    public DateTimeOffset PublishedAt { get; }

    /// <summary>False when published with <c>rawPayload: "true"</c>.</summary>
    public bool IsCloudEvent => CloudEventBytes is not null;

    public int Partition { get; internal set; }

    public long Offset { get; internal set; }

    internal byte[]? CloudEventBytes { get; }

    public JsonElement? CloudEvent => CloudEventBytes is null ? null : JsonDocument.Parse(CloudEventBytes).RootElement.Clone();

    public string DataText => Encoding.UTF8.GetString(Data.Span);

    public JsonElement DataJson => JsonDocument.Parse(Data).RootElement.Clone();

    /// <summary>The payload deserialised; the SDK publishes with <see cref="JsonSerializerDefaults.Web"/>, the default here.</summary>
    public T? DataAs<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Data.Span, options ?? s_web);

    public override string ToString() => $"{PubsubName}/{Topic} #{Id} key={PartitionKey} {DataText}";
}
