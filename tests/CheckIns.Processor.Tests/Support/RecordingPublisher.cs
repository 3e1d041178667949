using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Processor.StatusEvents;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Records published status events; <see cref="FailNext"/> makes the broker refuse that many publishes.</summary>
public sealed class RecordingPublisher : IStatusEventPublisher
{
    private readonly Lock _lock = new();

    public ConcurrentQueue<(MonitorStatusEvent Event, string PartitionKey)> Published { get; } = new();

    public int FailNext { get; set; }

    public Task PublishAsync(MonitorStatusEvent statusEvent, string monitorKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("broker unavailable");
            }
        }

        Published.Enqueue((statusEvent, monitorKey));
        return Task.CompletedTask;
    }
}
