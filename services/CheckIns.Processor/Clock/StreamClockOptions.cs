namespace CheckIns.Processor.Clock;

/// <summary>The stream clock's settings ("Processor:StreamClock"); read at start.</summary>
public sealed class StreamClockOptions
{
    public const string Section = "Processor:StreamClock";

    /// <summary>
    /// When false, missed and timeout decisions are taken on the workflow's (wall) clock as soon as they are due, and
    /// deliveries report nothing: for an ingest that publishes no pulses, where the stream clock would stand still.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A partition that carried nothing, not even ingest's minute pulse, for longer than this was in an outage (ingest
    /// or its broker down): misses and timeouts whose deadline lies inside it are recorded as UNKNOWN and open no
    /// incident (SEMANTICS R95, R100), since the check-ins that would have prevented them may have been refused.
    /// Zero (the default) turns this off. Keep it well above the pulse interval.
    /// </summary>
    public TimeSpan OutageThreshold { get; set; } = TimeSpan.Zero;
}
