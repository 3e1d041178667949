namespace CheckIns.Processor.Clock;

/// <summary>
/// What one delivery saw: per partition, the <c>received_at</c> of the entries processed before its first one left to
/// retry, in ascending order (the newest moves the clock; the spacing shows an outage).
/// </summary>
public sealed record ClockReport(Dictionary<string, List<DateTimeOffset>> Partitions);

/// <summary>A workflow instance that waits for the stream clock to reach <paramref name="Until"/>.</summary>
public sealed record ClockWait(string InstanceId, DateTimeOffset Until);

/// <summary>
/// The clock when a wait was asked; when not <paramref name="Passed"/>, the instance is woken once it is.
/// <paramref name="InOutage"/>: the time waited for lies inside a stream outage (SEMANTICS R95, R100).
/// </summary>
public sealed record ClockReading(DateTimeOffset? Clock, bool Passed, bool InOutage = false);

/// <summary>A stretch of the stream in which a partition carried nothing, not even a pulse, for longer than the threshold.</summary>
public sealed record StreamOutage(DateTimeOffset From, DateTimeOffset To);

/// <summary>The clock after a report, and the waiting instances it passed (to wake).</summary>
public sealed record ClockAdvance(DateTimeOffset? Clock, List<string> Woken);

/// <summary>The clock, each partition's, and how many decisions wait for it.</summary>
public sealed record StreamClockSnapshot(DateTimeOffset? Clock, Dictionary<string, DateTimeOffset> Partitions, int Waiting, List<StreamOutage>? Outages = null);

/// <summary>The stream clock's stored state: every partition ever seen, and the instances waiting.</summary>
public sealed class StreamClockState
{
    public Dictionary<string, DateTimeOffset> Partitions { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> Waiters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The most recent outages, oldest first (bounded by <see cref="StreamClockActor.OutagesKept"/>).</summary>
    public List<StreamOutage> Outages { get; init; } = [];

    /// <summary>The slowest partition decides (SEMANTICS R88 step 3); no partition seen yet, no clock.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? Clock => Partitions.Count == 0 ? null : Partitions.Values.Min();
}
