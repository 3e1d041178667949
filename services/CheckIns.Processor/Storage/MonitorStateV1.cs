using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>
/// Version 1 of a monitor's saved state (actor state key <c>monitor</c>): the shape the processor wrote before the
/// stored schema was apart from the model, so states saved then read as version 1. Names are fixed here, not by the
/// serializer's naming policy, so a change of options cannot change the schema. Never change this shape: a new
/// version is a new type with a mapping from this one (README, "Stored state").
/// </summary>
public sealed record MonitorStateV1
{
    public const int Version = 1;

    /// <summary>Absent in states saved before the field existed, which are version 1.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = Version;

    [JsonPropertyName("projectId")]
    public required long ProjectId { get; init; }

    [JsonPropertyName("slug")]
    public required string Slug { get; init; }

    [JsonPropertyName("monitor")]
    public MonitorDefinitionV1? Monitor { get; init; }

    [JsonPropertyName("environments")]
    public IReadOnlyList<MonitorEnvironmentV1> Environments { get; init; } = [];

    [JsonPropertyName("processingErrors")]
    public IReadOnlyList<ProcessingErrorRecordV1> ProcessingErrors { get; init; } = [];

    [JsonPropertyName("appliedMessageIds")]
    public IReadOnlyList<string> AppliedMessageIds { get; init; } = [];

    [JsonPropertyName("rateWindows")]
    public IReadOnlyList<RateWindowV1> RateWindows { get; init; } = [];

    [JsonPropertyName("effectSequence")]
    public long EffectSequence { get; init; }

    [JsonPropertyName("lastReceivedAt")]
    public DateTimeOffset? LastReceivedAt { get; init; }

    /// <summary>Derived from <see cref="Monitor"/>; written because version 1 always held it, never read back.</summary>
    [JsonPropertyName("exists")]
    public bool Exists { get; init; }
}
