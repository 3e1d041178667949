namespace DaprEmulator.Workflows;

/// <summary>
/// Workflow counters since the emulator started, for benchmarks (workflow cost per unit of work).
/// Work items count every time one is written to a worker stream, including those sent again after a
/// lost worker or a lost completion; work waiting for a worker is counted when it goes out.
/// </summary>
public readonly record struct WorkflowStats(
    long InstancesStarted,
    long InstancesCompleted,
    long OrchestratorWorkItems,
    long ActivityWorkItems,
    long HistoryEventsStored);
