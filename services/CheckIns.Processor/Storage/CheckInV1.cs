using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored check-in of <see cref="MonitorEnvironmentV1"/>.</summary>
public sealed record CheckInV1
{
    [JsonPropertyName("id")]
    public required Guid Id { get; init; }

    /// <summary><c>CheckInStatus</c>.</summary>
    [JsonPropertyName("status")]
    public required int Status { get; init; }

    [JsonPropertyName("durationMs")]
    public int? DurationMs { get; init; }

    [JsonPropertyName("dateAdded")]
    public required DateTimeOffset DateAdded { get; init; }

    [JsonPropertyName("dateUpdated")]
    public required DateTimeOffset DateUpdated { get; init; }

    [JsonPropertyName("dateClock")]
    public required DateTimeOffset DateClock { get; init; }

    [JsonPropertyName("dateInProgress")]
    public DateTimeOffset? DateInProgress { get; init; }

    [JsonPropertyName("expectedTime")]
    public DateTimeOffset? ExpectedTime { get; init; }

    [JsonPropertyName("timeoutAt")]
    public DateTimeOffset? TimeoutAt { get; init; }

    [JsonPropertyName("traceId")]
    public string? TraceId { get; init; }

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }
}
