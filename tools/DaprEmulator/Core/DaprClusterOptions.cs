using Microsoft.Extensions.Logging;

namespace DaprEmulator.Core;

public sealed class DaprClusterOptions
{
    /// <summary>Every deadline (reminders, timers, bulk await, retry back-off, idle actors, state TTL) reads this clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Where workflow instances are kept (null: in the data folder when there is one, else in memory).</summary>
    public Workflows.IWorkflowStore? WorkflowStore { get; init; }

    /// <summary>
    /// A folder for the cluster's data (state, messages, offsets, reminders, workflow instances), kept across restarts; null (the default,
    /// and what tests use) keeps everything in memory.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Partitions per topic; messages with the same partition key always land in the same one.</summary>
    public int PartitionsPerTopic { get; init; } = 8;

    /// <summary>Back-off between redeliveries when no resiliency policy names one (pubsub.kafka's consumeRetryInterval default).</summary>
    public TimeSpan DefaultRedeliveryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the sidecar waits for an app that is being started to answer on its port.</summary>
    public TimeSpan AppStartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
