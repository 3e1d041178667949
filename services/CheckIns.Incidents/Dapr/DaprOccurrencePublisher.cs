using System.Net.Mime;
using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Incidents.Dapr;

/// <summary>
/// Publishes with <c>rawPayload</c>: the topic's readers are issue platforms that expect Sentry's JSON as the Kafka
/// value, not a CloudEvent around it. The bytes are the serialised contract, so field names do not depend on
/// DaprClient's JSON settings.
/// </summary>
public sealed class DaprOccurrencePublisher(DaprClient dapr) : IOccurrencePublisher
{
    public const string RawPayloadMetadata = "rawPayload";

    public Task PublishAsync(string partitionKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        dapr.PublishByteEventAsync(
            DaprNames.IncidentsPubSub,
            Topics.IngestOccurrences,
            payload,
            MediaTypeNames.Application.Json,
            new Dictionary<string, string>
            {
                [PubSubMetadata.PartitionKey] = partitionKey,
                [RawPayloadMetadata] = "true",
            },
            cancellationToken);
}
