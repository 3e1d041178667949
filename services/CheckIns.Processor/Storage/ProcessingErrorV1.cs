using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored error of <see cref="ProcessingErrorRecordV1"/>.</summary>
public sealed record ProcessingErrorV1
{
    /// <summary><c>ProcessingErrorType</c>.</summary>
    [JsonPropertyName("type")]
    public int Type { get; init; }

    [JsonPropertyName("existingEnvironment")]
    public string? ExistingEnvironment { get; init; }

    [JsonPropertyName("guid")]
    public string? Guid { get; init; }

    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    /// <summary>Field → messages, in the order they were raised.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
