using CheckIns.Domain.Errors;

namespace CheckIns.Domain;

/// <summary>What became of one message of a turn.</summary>
public sealed record CheckInOutcome(string MessageId, CheckInOutcomeKind Kind, ProcessingErrorRecord? Error)
{
    /// <summary>The check-in created or updated, when applied.</summary>
    public Guid? CheckInId { get; init; }

    /// <summary>The environment the check-in went to, when known.</summary>
    public string? Environment { get; init; }

    public BillingOutcome? Billing { get; init; }
}
