using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>The stored monitor row of <see cref="MonitorStateV1"/>; enums are stored as their numbers.</summary>
public sealed record MonitorDefinitionV1
{
    [JsonPropertyName("guid")]
    public required Guid Guid { get; init; }

    [JsonPropertyName("organizationId")]
    public long? OrganizationId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary><c>MonitorStatus</c>; absent means Active (0), as it did for version 1.</summary>
    [JsonPropertyName("status")]
    public int Status { get; init; }

    /// <summary><c>MonitorType</c>; absent means CronJob (3), as it did for version 1.</summary>
    [JsonPropertyName("type")]
    public int Type { get; init; } = 3;

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    [JsonPropertyName("isMuted")]
    public bool IsMuted { get; init; }

    [JsonPropertyName("isUpserting")]
    public bool IsUpserting { get; init; }

    [JsonPropertyName("config")]
    public required MonitorConfigV1 Config { get; init; }

    [JsonPropertyName("dateAdded")]
    public required DateTimeOffset DateAdded { get; init; }
}
