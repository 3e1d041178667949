using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;

namespace CheckIns.Ingest.Tests.Infrastructure;

/// <summary>Stands in for the Dapr publisher: records what would be published, or fails on demand.</summary>
public sealed class RecordingPublisher : ICheckInPublisher
{
    private readonly ConcurrentQueue<CheckInMessage> _published = new();

    public IReadOnlyList<CheckInMessage> Published => [.. _published];

    public int Calls { get; private set; }

    /// <summary>When set, every publish fails, as a sidecar that is down would.</summary>
    public bool Fail { get; set; }

    public Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken)
    {
        Calls++;
        if (Fail)
        {
            throw new CheckInPublishException("sidecar unavailable") { UnpublishedMessageIds = [.. messages.Select(m => m.MessageId)] };
        }

        foreach (var message in messages)
        {
            _published.Enqueue(message);
        }

        return Task.CompletedTask;
    }
}
