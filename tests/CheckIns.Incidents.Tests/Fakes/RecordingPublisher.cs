using System.Collections.Concurrent;
using System.Text.Json;
using CheckIns.Incidents.Dapr;

namespace CheckIns.Incidents.Tests.Fakes;

public sealed record PublishedMessage(string PartitionKey, byte[] Payload)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;
}

/// <summary>Records what would reach <c>incidents-pubsub</c>; can fail a number of publishes first, like a broker outage.</summary>
public sealed class RecordingPublisher : IOccurrencePublisher
{
    private readonly ConcurrentQueue<PublishedMessage> _published = new();
    private int _failuresLeft;

    public IReadOnlyList<PublishedMessage> Published => [.. _published];

    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public Task PublishAsync(string partitionKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("The broker is unavailable.");
        }

        _published.Enqueue(new PublishedMessage(partitionKey, payload.ToArray()));
        return Task.CompletedTask;
    }
}
