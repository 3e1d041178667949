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
}
