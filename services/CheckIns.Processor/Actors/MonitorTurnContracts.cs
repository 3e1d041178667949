using CheckIns.Contracts;

namespace CheckIns.Processor.Actors;

/// <summary>The check-ins of one monitor from one delivered batch, in arrival order.</summary>
public sealed record CheckInBatch(IReadOnlyList<CheckInMessage> Messages);

/// <summary>What the monitor's turn did with each message.</summary>
public sealed record TurnReport(IReadOnlyList<MessageOutcome> Outcomes);

/// <summary>
/// The fate of one message. Applied, rejected with a recorded processing error, and duplicate are all
/// final: the message must not be delivered again.
/// </summary>
public sealed record MessageOutcome(string MessageId, string Outcome, string? ProcessingError = null)
{
    public const string Applied = "applied";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";
}
