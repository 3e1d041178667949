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
