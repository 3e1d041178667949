namespace CheckIns.Domain;

/// <summary>How the engine answered one message (<see cref="CheckInOutcome.Kind"/>).</summary>
public enum CheckInOutcomeKind
{
    /// <summary>The check-in changed the monitor (or was tolerated, e.g. a start after finish).</summary>
    Applied = 0,

    /// <summary>Refused with a processing error, recorded in the state.</summary>
    Rejected = 1,

    /// <summary>The message id was applied before; nothing changed.</summary>
    Duplicate = 2,
}
