using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheckIns.Contracts;

/// <summary>
/// One check-in as ingest publishes it to <see cref="Topics.IngestMonitors"/>, whichever client sent it.
/// Ingest checks form only; <see cref="Payload"/> is the client's check-in object as received
/// (the Sentry check-in item), judged by the processor so that a bad status, environment or
/// config becomes a processing error users can read on the monitor (SEMANTICS R16, R25).
/// </summary>
public sealed record CheckInMessage
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Unique per accepted check-in; the processor's idempotency key.</summary>
    public required string MessageId { get; init; }

    public required long ProjectId { get; init; }

    public long? OrganizationId { get; init; }

    /// <summary>The ingest time: the check-in's clock for every rule, never the processing time.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The slug after normalisation (SEMANTICS R24); with <see cref="ProjectId"/> it names the monitor.</summary>
    public required string MonitorSlug { get; init; }

    /// <summary>The check-in object as the client sent it (check_in_id, monitor_slug, status, …).</summary>
    public required JsonElement Payload { get; init; }

    /// <summary>The client's SDK name, e.g. "sentry.dotnet", when known.</summary>
    public string? Sdk { get; init; }

    /// <summary>A Healthchecks ping's body (the job's output), cut at ingest to the ping body limit; null for other clients.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>Which ingest path accepted it: "native", "envelope", "cron", "ping".</summary>
    public string? Source { get; init; }

    /// <summary>
    /// The payload's <c>monitor_config</c> is a client's defaults for a monitor it may create (Cronitor's first event,
    /// a Healthchecks ping with <c>create=1</c>), not a config the user wrote: it creates a missing monitor and is
    /// ignored when the monitor exists, so it never overwrites one configured otherwise. Absent means false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool MonitorConfigCreateOnly { get; init; }

    /// <summary>
    /// Null for a check-in; <see cref="ClockPulses.Kind"/> for a clock pulse, which only says "ingest had published
    /// everything it accepted up to <see cref="ReceivedAt"/>" on its partition (SEMANTICS R15, R21).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    [JsonIgnore]
    public bool IsClockPulse => Kind == ClockPulses.Kind;

    [JsonIgnore]
    public string MonitorKey => MonitorKeys.Of(ProjectId, MonitorSlug);
}

public static class MonitorKeys
{
    /// <summary>"{project_id}:{normalised slug}": the partition key, the processor's group key and the actor id.</summary>
    public static string Of(long projectId, string normalisedSlug) => $"{projectId}:{normalisedSlug}";
}
