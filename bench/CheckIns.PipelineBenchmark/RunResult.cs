namespace CheckIns.PipelineBenchmark;

/// <summary>What one run (one monitor count) measured. Write and turn counts are those of the throughput phase.</summary>
internal sealed record RunResult
{
    public required int Monitors { get; init; }

    public required double CreateSeconds { get; init; }

    public required int CheckIns { get; init; }

    public required double Seconds { get; init; }

    public double CheckInsPerSecond => CheckIns / Seconds;

    public required long Turns { get; init; }

    public required long StateTransactions { get; init; }

    public required long KeysWritten { get; init; }

    public required long BytesWritten { get; init; }

    public required LatencySample Latency { get; init; }

    public required double MeanBytesPerMonitor { get; init; }

    public required long MaxBytesPerMonitor { get; init; }
}

/// <summary>Delays from a check-in's received_at to the emulator's receipt of the status event it caused.</summary>
internal sealed record LatencySample(int Events, int CheckIns, double CheckInsPerSecond, TimeSpan P50, TimeSpan P99)
{
    public static LatencySample Of(IReadOnlyList<TimeSpan> delays, int checkIns, double rate)
    {
        var sorted = delays.Order().ToArray();
        return new LatencySample(sorted.Length, checkIns, rate, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    /// <summary>Nearest rank.</summary>
    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
