namespace CheckIns.Processor.Clock;

/// <summary>The processor's side of the stream clock: deliveries report to it, deadlines wait for it, the API reads it.</summary>
public interface IStreamClock
{
    bool Enabled { get; }

    /// <summary>Reports what a delivery processed and wakes the decisions the clock passed. Throws when the clock could not be reached.</summary>
    Task ReportAsync(IReadOnlyDictionary<string, List<DateTimeOffset>> partitions, CancellationToken cancellationToken);

    /// <summary>Passed (with the clock) when the clock is at or past <paramref name="until"/>; otherwise the instance is woken later.</summary>
    Task<ClockReading> AwaitAsync(string instanceId, DateTimeOffset until, CancellationToken cancellationToken);

    Task<StreamClockSnapshot> ReadAsync(CancellationToken cancellationToken);
}
