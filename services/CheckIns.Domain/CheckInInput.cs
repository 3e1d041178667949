using System.Text.Json;

namespace CheckIns.Domain;

/// <summary>
/// One check-in as the engine receives it: the ingest message's fields and the client's check-in object
/// as sent (SEMANTICS §3). <see cref="ReceivedAt"/> is the check-in's clock for every rule. <see cref="Body"/> is
/// a Healthchecks ping's body, already cut to the ping body limit at ingest.
/// </summary>
public sealed record CheckInInput(
    string MessageId,
    long ProjectId,
    long? OrganizationId,
    string MonitorSlug,
    DateTimeOffset ReceivedAt,
    JsonElement Payload,
    string? Body = null)
{
    /// <summary>
    /// The payload's monitor_config only creates a missing monitor: with a monitor it is ignored as if absent, so a
    /// client's defaults (Cronitor, a ping with create=1) never overwrite a config the user set (R49 would).
    /// </summary>
    public bool MonitorConfigCreateOnly { get; init; }
}
