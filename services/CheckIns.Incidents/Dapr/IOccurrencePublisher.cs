namespace CheckIns.Incidents.Dapr;

/// <summary>Publishes one Sentry-shaped message to <c>incidents-pubsub</c> / <c>ingest-occurrences</c>.</summary>
public interface IOccurrencePublisher
{
    /// <param name="partitionKey">The Kafka key, <c>"{fingerprint[0]}-{project_id}"</c> (SEMANTICS R118).</param>
    /// <param name="payload">The message as UTF-8 JSON, exactly as it must reach the topic.</param>
    Task PublishAsync(string partitionKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
