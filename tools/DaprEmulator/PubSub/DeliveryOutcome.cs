namespace DaprEmulator.PubSub;

public enum DeliveryStatus
{
    Success,
    Retry,
    Drop,
}

/// <summary>How each message of one delivery ended.</summary>
internal sealed class DeliveryOutcome
{
    public List<PublishedMessage> Retry { get; } = [];

    public List<PublishedMessage> Drop { get; } = [];

    public int Success { get; set; }
}
