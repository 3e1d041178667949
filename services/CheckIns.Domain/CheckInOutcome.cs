namespace CheckIns.Domain;

public enum CheckInOutcomeKind
{
    /// <summary>The check-in changed the monitor (or was tolerated, e.g. a start after finish).</summary>
    Applied = 0,

    /// <summary>Refused with a processing error, recorded in the state.</summary>
    Rejected = 1,

    /// <summary>The message id was applied before; nothing changed.</summary>
    Duplicate = 2,
}

/// <summary>What became of one message of a turn.</summary>
public sealed record CheckInOutcome(string MessageId, CheckInOutcomeKind Kind, ProcessingErrorRecord? Error)
{
    /// <summary>The check-in created or updated, when applied.</summary>
    public Guid? CheckInId { get; init; }

    /// <summary>The environment the check-in went to, when known.</summary>
    public string? Environment { get; init; }

    public BillingOutcome? Billing { get; init; }
}
