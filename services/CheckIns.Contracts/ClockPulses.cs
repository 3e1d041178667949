using System.Globalization;
using System.Text.Json;

namespace CheckIns.Contracts;

/// <summary>
/// Clock pulses: tiny messages ingest publishes on <see cref="Topics.IngestMonitors"/> so that the processor's stream
/// clock moves on partitions that carry no check-ins (SEMANTICS R15, R89). A publisher cannot name a partition, only
/// a partition key, so one pulse goes out under many keys, enough to reach every partition of the topic.
/// </summary>
public static class ClockPulses
{
    public const string Kind = "clock_pulse";

    private static readonly JsonElement EmptyPayload = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// The pulse of <paramref name="at"/> under its <paramref name="key"/>-th partition key. Project 0 and the key in
    /// the slug make the partition key ("0:clock-pulse-{key}"); no real monitor has project 0, and the processor never
    /// treats a pulse as a check-in.
    /// </summary>
    public static CheckInMessage Create(DateTimeOffset at, int key) => new()
    {
        MessageId = string.Create(CultureInfo.InvariantCulture, $"clock-pulse-{at.UtcTicks}-{key}"),
        ProjectId = 0,
        ReceivedAt = at,
        MonitorSlug = string.Create(CultureInfo.InvariantCulture, $"clock-pulse-{key}"),
        Payload = EmptyPayload,
        Kind = Kind,
    };
}
