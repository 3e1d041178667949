using CheckIns.Contracts;

namespace CheckIns.Processor.Subscriptions;

/// <summary>One entry of a delivered batch: the message when it could be read, otherwise why not.</summary>
public sealed record DeliveredEntry(string EntryId, CheckInMessage? Message, string? Unreadable)
{
    /// <summary>
    /// The partition it was delivered from (the entry's <c>__partition</c> metadata, which Kafka sets); empty when the
    /// broker names none, so that the whole topic counts as one stream for the stream clock.
    /// </summary>
    public string Partition { get; init; } = "";

    public static DeliveredEntry Read(string entryId, CheckInMessage message) => new(entryId, message, null);

    public static DeliveredEntry Refused(string entryId, string reason) => new(entryId, null, reason);
}
