namespace DaprEmulator.Workflows;

/// <summary>
/// Workflow counters since the emulator started, for benchmarks (workflow cost per unit of work).
/// Work items count every dispatch, including those sent again after a lost worker or completion.
/// </summary>
public readonly record struct WorkflowStats(
    long InstancesStarted,
    long InstancesCompleted,
    long OrchestratorWorkItems,
    long ActivityWorkItems,
    long HistoryEventsStored);
