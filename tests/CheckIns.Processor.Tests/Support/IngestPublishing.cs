using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Publishes check-ins as the ingest app does: to ingest-monitors, keyed by monitor so each one's stay in order.</summary>
public static class IngestPublishing
{
    public static async Task PublishCheckInsAsync(this DaprClient ingest, IEnumerable<CheckInMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            var metadata = new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = message.MonitorKey };
            await ingest.PublishEventAsync(DaprNames.CheckInsPubSub, Topics.IngestMonitors, Messages.ToJson(message), metadata, ct);
        }
    }
}
