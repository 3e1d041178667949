using CheckIns.Domain.Model;

namespace CheckIns.Domain.Payloads;

/// <summary>The check-in fields after R33, or the field errors.</summary>
internal readonly record struct ValidatedPayload(
    CheckInStatus Status,
    int? DurationMs,
    string? TraceId,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors);
