using CheckIns.Contracts;

namespace CheckIns.Processor.Subscriptions;

/// <summary>One entry of a delivered batch: the message when it could be read, otherwise why not.</summary>
public sealed record DeliveredEntry(string EntryId, CheckInMessage? Message, string? Unreadable)
{
    public static DeliveredEntry Read(string entryId, CheckInMessage message) => new(entryId, message, null);

    public static DeliveredEntry Refused(string entryId, string reason) => new(entryId, null, reason);
}
