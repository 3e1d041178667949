using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>The stored monitor config of <see cref="MonitorDefinitionV1"/>; enums and key flags are stored as their numbers.</summary>
public sealed record MonitorConfigV1
{
    /// <summary><c>ScheduleType</c>; absent means Crontab (1), as it did for version 1.</summary>
    [JsonPropertyName("scheduleType")]
    public int ScheduleType { get; init; } = 1;

    [JsonPropertyName("crontab")]
    public string? Crontab { get; init; }

    [JsonPropertyName("intervalCount")]
    public int? IntervalCount { get; init; }

    /// <summary><c>IntervalUnit</c>.</summary>
    [JsonPropertyName("intervalUnit")]
    public int? IntervalUnit { get; init; }

    [JsonPropertyName("checkInMargin")]
    public int? CheckInMargin { get; init; }

    [JsonPropertyName("maxRuntime")]
    public int? MaxRuntime { get; init; }

    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("failureIssueThreshold")]
    public int? FailureIssueThreshold { get; init; }

    [JsonPropertyName("recoveryThreshold")]
    public int? RecoveryThreshold { get; init; }

    /// <summary><c>ConfigKeys</c> flags; null in configs saved before the keys sent were recorded.</summary>
    [JsonPropertyName("setKeys")]
    public int? SetKeys { get; init; }

    /// <summary>Derived (the keys sent, or those holding a value); written because version 1 always held it, never read back.</summary>
    [JsonPropertyName("keysSet")]
    public int KeysSet { get; init; }
}
