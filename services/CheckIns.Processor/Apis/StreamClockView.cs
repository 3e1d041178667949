using CheckIns.Processor.Clock;

namespace CheckIns.Processor.Apis;

/// <summary>
/// <c>GET …/stream-clock</c>: the clock, its lag behind <c>now</c> (the processor's clock), per partition, and the recent
/// outages (stretches a partition carried nothing for longer than the threshold) whose deadlines are recorded unknown.
/// </summary>
public sealed record StreamClockView(
    bool Enabled,
    DateTimeOffset Now,
    DateTimeOffset? Clock,
    double? LagSeconds,
    int Waiting,
    IReadOnlyList<StreamClockPartitionView> Partitions,
    IReadOnlyList<StreamOutage> Outages)
{
    public static StreamClockView Of(bool enabled, StreamClockSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new StreamClockView(
            enabled,
            now,
            snapshot.Clock,
            Lag(snapshot.Clock, now),
            snapshot.Waiting,
            [.. snapshot.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new StreamClockPartitionView(p.Key, p.Value, Lag(p.Value, now)))],
            snapshot.Outages ?? []);
    }

    private static double? Lag(DateTimeOffset? clock, DateTimeOffset now) => clock is { } at ? Math.Max(0, (now - at).TotalSeconds) : null;
}

public sealed record StreamClockPartitionView(string Partition, DateTimeOffset Clock, double? LagSeconds);
