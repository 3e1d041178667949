namespace DaprEmulator.Actors;

/// <summary>The daprd-side view of one actor id: its turn lock, where it is active, its timers.</summary>
internal sealed class ActorSlot(ActorKey key)
{
    public ActorKey Key { get; } = key;

    /// <summary>One turn at a time per actor id: calls, timers and reminders all take it.</summary>
    public SemaphoreSlim TurnLock { get; } = new(1, 1);

    /// <summary>The instance the actor is active on; null when not active.</summary>
    public Core.AppInstance? Host { get; set; }

    public Dictionary<string, ActorTimerEntry> Timers { get; } = new(StringComparer.Ordinal);

    public ITimer? IdleTimer { get; set; }

    public DateTimeOffset LastUsed { get; set; }
}

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
