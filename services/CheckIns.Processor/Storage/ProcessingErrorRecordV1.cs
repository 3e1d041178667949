using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored processing-error record of <see cref="MonitorStateV1"/>.</summary>
public sealed record ProcessingErrorRecordV1
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("messageId")]
    public required string MessageId { get; init; }

    [JsonPropertyName("receivedAt")]
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The check-in object as the client sent it, kept verbatim.</summary>
    [JsonPropertyName("payload")]
    public JsonElement? Payload { get; init; }

    [JsonPropertyName("errors")]
    public required IReadOnlyList<ProcessingErrorV1> Errors { get; init; }
}
