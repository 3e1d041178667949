using CheckIns.Contracts;

namespace CheckIns.Ingest.Publishing;

/// <summary>
/// Publishes accepted check-ins to <see cref="Topics.IngestMonitors"/>, each keyed by its
/// monitor. Returns only when every message is published; otherwise throws
/// <see cref="CheckInPublishException"/>, so that nothing unpublished is answered 2xx.
/// </summary>
public interface ICheckInPublisher
{
    Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken);
}

/// <summary>Some or all messages of a request were not published; the client must retry.</summary>
public sealed class CheckInPublishException : Exception
{
    public CheckInPublishException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public CheckInPublishException()
    {
    }

    public CheckInPublishException(string message)
        : base(message)
    {
    }

    public IReadOnlyList<string> UnpublishedMessageIds { get; init; } = [];
}
