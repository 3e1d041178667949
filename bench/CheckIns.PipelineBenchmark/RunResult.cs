using CheckIns.BareWorkflow;

namespace CheckIns.PipelineBenchmark;

/// <summary>What one run (one monitor count) measured: both paths on the same monitors, and the bare workflow rate.</summary>
internal sealed record RunResult
{
    public required int Monitors { get; init; }

    public required double CreateSeconds { get; init; }

    public required PathResult Workflow { get; init; }

    public required PathResult DirectActor { get; init; }

    /// <summary>The bare one-activity workflow on a fresh emulator, as many in flight as the workflow path had on average.</summary>
    public required BareWorkflowRate Bare { get; init; }

    public required double MeanBytesPerMonitor { get; init; }

    public required long MaxBytesPerMonitor { get; init; }
}

/// <summary>One path's throughput phases (summed over the rounds) and its latency phase.</summary>
internal sealed record PathResult
{
    public required CheckInPath Path { get; init; }

    public required PhaseCounters Counters { get; init; }

    public required LatencySample Latency { get; init; }

    public int CheckIns => Counters.CheckIns;

    public double CheckInsPerSecond => Counters.CheckIns / Counters.Seconds;

    public double PerCheckIn(long count) => (double)count / Counters.CheckIns;
}

/// <summary>
/// Counters of throughput phases, from the emulator: actor method calls, the actor state store's transactions,
/// keys and bytes written, workflow instances, work items sent to the app's worker and history events stored, and
/// the mean number of workflows in flight (sampled).
/// </summary>
internal sealed record PhaseCounters(
    int CheckIns,
    double Seconds,
    long ActorCalls,
    long StateTransactions,
    long KeysWritten,
    long BytesWritten,
    long WorkflowsStarted,
    long OrchestratorWorkItems,
    long ActivityWorkItems,
    long HistoryEvents,
    double InFlightSum,
    long InFlightSamples)
{
    public static PhaseCounters Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public double MeanInFlight => InFlightSamples == 0 ? 0 : InFlightSum / InFlightSamples;

    public PhaseCounters Plus(PhaseCounters other) => new(
        CheckIns + other.CheckIns,
        Seconds + other.Seconds,
        ActorCalls + other.ActorCalls,
        StateTransactions + other.StateTransactions,
        KeysWritten + other.KeysWritten,
        BytesWritten + other.BytesWritten,
        WorkflowsStarted + other.WorkflowsStarted,
        OrchestratorWorkItems + other.OrchestratorWorkItems,
        ActivityWorkItems + other.ActivityWorkItems,
        HistoryEvents + other.HistoryEvents,
        InFlightSum + other.InFlightSum,
        InFlightSamples + other.InFlightSamples);
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
