namespace CheckIns.Processor.Actors;

/// <summary>When the wake-up reminder is armed, and whether the project index knows the monitor and its overview entry.</summary>
public sealed class ReminderBookkeeping
{
    /// <summary>When the wake-up reminder is armed to fire: the next missed deadline, or earlier (see <c>ArmWakeUpAsync</c>).</summary>
    public DateTimeOffset? WakeUpAt { get; set; }

    public bool Indexed { get; set; }

    /// <summary>Whether the project index holds this monitor's overview entry (false for monitors indexed before it kept one).</summary>
    public bool InOverview { get; set; }
}
