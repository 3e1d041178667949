namespace CheckIns.Domain;

/// <summary>The result of one timeout: the turn (state and effects), the verdict, and the later timeout_at when still running.</summary>
public sealed record TimeoutResult(TurnResult Turn, TimeoutVerdict Verdict, DateTimeOffset? RunningUntil);
