using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored incident of <see cref="MonitorEnvironmentV1"/>.</summary>
public sealed record IncidentV1
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }

    [JsonPropertyName("startingCheckInId")]
    public required Guid StartingCheckInId { get; init; }

    [JsonPropertyName("startingTimestamp")]
    public required DateTimeOffset StartingTimestamp { get; init; }

    [JsonPropertyName("resolvingCheckInId")]
    public Guid? ResolvingCheckInId { get; init; }

    [JsonPropertyName("resolvingTimestamp")]
    public DateTimeOffset? ResolvingTimestamp { get; init; }

    [JsonPropertyName("dateAdded")]
    public required DateTimeOffset DateAdded { get; init; }

    /// <summary>Derived from <see cref="ResolvingCheckInId"/>; written because version 1 always held it, never read back.</summary>
    [JsonPropertyName("isActive")]
    public bool IsActive { get; init; }
}
