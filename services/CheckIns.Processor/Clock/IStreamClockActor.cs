using Dapr.Actors;

namespace CheckIns.Processor.Clock;

/// <summary>The one stream clock of the topic (actor id <see cref="StreamClockActor.ClockId"/>): every replica reports to it.</summary>
public interface IStreamClockActor : IActor
{
    /// <summary>Moves the partitions' clocks forward (never back) and answers the waiting instances the clock passed.</summary>
    Task<ClockAdvance> ReportAsync(ClockReport report);

    /// <summary>Passed when the clock is at or past the time; otherwise the instance is kept until a report passes it.</summary>
    Task<ClockReading> AwaitAsync(ClockWait wait);

    Task<StreamClockSnapshot> GetAsync();
}
