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

    public void Add(PublishedMessage m, DeliveryStatus status)
    {
        switch (status)
        {
            case DeliveryStatus.Success:
                Success++;
                break;
            case DeliveryStatus.Drop:
                Drop.Add(m);
                break;
            default:
                Retry.Add(m);
                break;
        }
    }
}
