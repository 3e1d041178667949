namespace DaprEmulator.Actors;

/// <summary>One registered timer of an active actor, with the timer that fires it next.</summary>
internal sealed class ActorTimerEntry
{
    public required string Name { get; init; }

    public required string Callback { get; init; }

    public required string? DataJson { get; init; }

    public required string DueTime { get; init; }

    public required string Period { get; init; }

    public TimeSpan? PeriodSpan { get; init; }

    public int? RemainingRepetitions { get; set; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public ITimer? Timer { get; set; }
}
