namespace CheckIns.Processor.Actors;

/// <summary>How a turn treats the wake-up reminder.</summary>
internal enum WakeUp
{
    /// <summary>Register it again only when the next deadline moved earlier than the reminder (or it went away).</summary>
    IfMoved,

    /// <summary>Register it again in any case (the config changed).</summary>
    Rearm,

    /// <summary>The tick ran: register it for the next deadline, or remove it when there is none.</summary>
    Firing,
}
