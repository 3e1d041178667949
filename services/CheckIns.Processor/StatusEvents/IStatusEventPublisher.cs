using CheckIns.Contracts;

namespace CheckIns.Processor.StatusEvents;

/// <summary>Publishes one monitor status event to monitors-status; throws when the event was not accepted.</summary>
public interface IStatusEventPublisher
{
    Task PublishAsync(MonitorStatusEvent statusEvent, string monitorKey, CancellationToken cancellationToken);
}
