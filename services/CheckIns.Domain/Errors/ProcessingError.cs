namespace CheckIns.Domain.Errors;

/// <summary>
/// One R7 error with its extra fields: <see cref="ExistingEnvironment"/> (0), <see cref="Guid"/> (2),
/// <see cref="Duration"/> (3), <see cref="Errors"/> (5, 8), <see cref="Reason"/> (9, 10, 13, 16).
/// </summary>
public sealed record ProcessingError(ProcessingErrorType Type)
{
    public string? ExistingEnvironment { get; init; }

    public string? Guid { get; init; }

    public string? Duration { get; init; }

    /// <summary>Field → messages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }

    public string? Reason { get; init; }

    public static ProcessingError Of(ProcessingErrorType type) => new(type);

    public static ProcessingError WithReason(ProcessingErrorType type, string reason) => new(type) { Reason = reason };

    public static ProcessingError WithErrors(ProcessingErrorType type, IReadOnlyDictionary<string, IReadOnlyList<string>> errors) =>
        new(type) { Errors = errors };
}
