namespace CheckIns.Processor;

/// <summary>Tuning of the processor, bound from the "Processor" configuration section.</summary>
public sealed class ProcessorOptions
{
    public const string Section = "Processor";

    /// <summary>The section bound to the rules engine's <c>EngineOptions</c>, e.g. <c>Processor:Engine:RateLimitPerMinute</c>.</summary>
    public const string EngineSection = "Processor:Engine";

    /// <summary>How many monitor groups of one batch are applied at the same time.</summary>
    public int MaxConcurrentMonitors { get; set; } = 8;

    /// <summary>Largest batch Dapr delivers to the bulk subscription.</summary>
    public int BulkMaxMessagesCount { get; set; } = 100;

    /// <summary>
    /// How long Dapr waits to fill a batch before delivering it. Under load batches fill long before; at a low
    /// rate this is the delay every check-in waits before its turn, so it is kept well under Dapr's default (1 s).
    /// </summary>
    public int BulkMaxAwaitDurationMs { get; set; } = 100;

    /// <summary>Period of the reminder that drains an outbox whose publish failed.</summary>
    public TimeSpan OutboxDrainPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Period of the wake-up reminder after its first due time. A one-shot reminder whose callback
    /// fails is gone after the scheduler's few retries; a periodic one keeps trying until a turn
    /// re-arms it for the next deadline.
    /// </summary>
    public TimeSpan WakeUpRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many monitors of one project the list endpoint reads at the same time.</summary>
    public int MaxConcurrentReads { get; set; } = 8;
}
