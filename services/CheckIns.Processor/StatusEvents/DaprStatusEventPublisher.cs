using System.Text.Json;
using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Processor.StatusEvents;

/// <summary>
/// Publishes through the sidecar with the monitor key as partition key, so one monitor's events stay in
/// order on a partitioned broker. The bytes come from the contracts' source-generated JSON (snake_case),
/// not from DaprClient's camelCase defaults.
/// </summary>
public sealed class DaprStatusEventPublisher(DaprClient dapr) : IStatusEventPublisher
{
    public Task PublishAsync(MonitorStatusEvent statusEvent, string monitorKey, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(statusEvent, ContractsJsonContext.Default.MonitorStatusEvent);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [PubSubMetadata.PartitionKey] = monitorKey };
        return dapr.PublishByteEventAsync(
            DaprNames.CheckInsPubSub, Topics.MonitorsStatus, bytes, "application/json", metadata, cancellationToken);
    }
}
