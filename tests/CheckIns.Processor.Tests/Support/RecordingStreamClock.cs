using System.Collections.Concurrent;
using CheckIns.Processor.Clock;

namespace CheckIns.Processor.Tests.Support;

/// <summary>A stream clock that records what deliveries report to it.</summary>
public sealed class RecordingStreamClock : IStreamClock
{
    public ConcurrentQueue<IReadOnlyDictionary<string, List<DateTimeOffset>>> Reports { get; } = new();

    public bool Enabled => true;

    public Task ReportAsync(IReadOnlyDictionary<string, List<DateTimeOffset>> partitions, CancellationToken cancellationToken)
    {
        Reports.Enqueue(partitions.ToDictionary(p => p.Key, p => p.Value.ToList()));
        return Task.CompletedTask;
    }

    public Task<ClockReading> AwaitAsync(string instanceId, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult(new ClockReading(null, Passed: true));

    public Task<StreamClockSnapshot> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(new StreamClockSnapshot(null, [], 0));
}
