namespace CheckIns.Processor.Clock;

/// <summary>What one delivery saw: per partition, the newest <c>received_at</c> before which everything was processed.</summary>
public sealed record ClockReport(Dictionary<string, DateTimeOffset> Partitions);

/// <summary>A workflow instance that waits for the stream clock to reach <paramref name="Until"/>.</summary>
public sealed record ClockWait(string InstanceId, DateTimeOffset Until);

/// <summary>The clock when a wait was asked; when not <paramref name="Passed"/>, the instance is woken once it is.</summary>
public sealed record ClockReading(DateTimeOffset? Clock, bool Passed);

/// <summary>The clock after a report, and the waiting instances it passed (to wake).</summary>
public sealed record ClockAdvance(DateTimeOffset? Clock, List<string> Woken);

/// <summary>The clock, each partition's, and how many decisions wait for it.</summary>
public sealed record StreamClockSnapshot(DateTimeOffset? Clock, Dictionary<string, DateTimeOffset> Partitions, int Waiting);

/// <summary>The stream clock's stored state: every partition ever seen, and the instances waiting.</summary>
public sealed class StreamClockState
{
    public Dictionary<string, DateTimeOffset> Partitions { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> Waiters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The slowest partition decides (SEMANTICS R88 step 3); no partition seen yet, no clock.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? Clock => Partitions.Count == 0 ? null : Partitions.Values.Min();
}
