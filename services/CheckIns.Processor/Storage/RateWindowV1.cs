using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored rate-limit counter of <see cref="MonitorStateV1"/>.</summary>
public sealed record RateWindowV1
{
    [JsonPropertyName("environment")]
    public required string Environment { get; init; }

    [JsonPropertyName("minute")]
    public required DateTimeOffset Minute { get; init; }

    [JsonPropertyName("count")]
    public required int Count { get; init; }
}
