namespace CheckIns.Processor;

/// <summary>Tuning of the processor, bound from the "Processor" configuration section.</summary>
public sealed class ProcessorOptions
{
    public const string Section = "Processor";

    /// <summary>The section bound to the rules engine's <c>EngineOptions</c>, e.g. <c>Processor:Engine:RateLimitPerMinute</c>.</summary>
    public const string EngineSection = "Processor:Engine";

    /// <summary>
    /// How many monitor groups of one batch run at the same time. A monitor's check-ins wait on one another (each
    /// for the workflow of the one before it), so this is what keeps a batch of many monitors busy.
    /// </summary>
    public int MaxConcurrentMonitors { get; set; } = 32;

    /// <summary>Largest batch Dapr delivers to the bulk subscription.</summary>
    public int BulkMaxMessagesCount { get; set; } = 100;

    /// <summary>
    /// How long Dapr waits to fill a batch before delivering it. Under load batches fill long before; at a low
    /// rate this is the delay every check-in waits before its turn, so it is kept well under Dapr's default (1 s).
    /// </summary>
    public int BulkMaxAwaitDurationMs { get; set; } = 100;

    /// <summary>
    /// When a delivery, not told by the workflow's activity in this process that the check-in is applied, starts
    /// asking the sidecar for the workflow's completion instead (the workflow runs in another replica).
    /// </summary>
    public TimeSpan CheckInFallbackAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a delivery waits for a check-in's workflow to apply it before answering RETRY.</summary>
    public TimeSpan CheckInWaitTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many operation replies with events (or a wait to start) a monitor keeps, so a repeated operation answers
    /// them again. A repeat comes from a workflow activity run again after a crash, right after the first run.
    /// </summary>
    public int OperationRepliesKept { get; set; } = 64;

    /// <summary>
    /// Period of the wake-up reminder after its first due time. A one-shot reminder whose callback
    /// fails is gone after the scheduler's few retries; a periodic one keeps trying until a turn
    /// re-arms it for the next deadline.
    /// </summary>
    public TimeSpan WakeUpRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many of an environment's newest check-ins the monitor read shows the workflow state of.</summary>
    public int WorkflowStatesShown { get; set; } = 10;

    /// <summary>How many monitors of one project the list endpoint reads at the same time (and workflow states one read reads).</summary>
    public int MaxConcurrentReads { get; set; } = 8;

    /// <summary>
    /// The most entries <c>GET /v1/projects/{id}/processing-errors</c> answers: the project's group and every
    /// monitor's are each bounded (10, SEMANTICS R105), this bounds their sum for a project of many monitors.
    /// </summary>
    public int ProcessingErrorsListed { get; set; } = 100;
}
