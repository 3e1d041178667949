using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheckIns.Contracts;

/// <summary>
/// The messages the incidents app publishes to <see cref="Topics.IngestOccurrences"/>, shaped like Sentry's
/// <c>ingest-occurrences</c> payloads (SEMANTICS §19) so that an issue platform reading that topic needs no adapter.
/// Fields Sentry sends as an explicit <c>null</c> keep it here (<see cref="JsonIgnoreCondition.Never"/>).
/// </summary>
public static class OccurrencePayloadTypes
{
    public const string Occurrence = "occurrence";
    public const string StatusChange = "status_change";
}

/// <summary>Constants of a monitor failure occurrence (SEMANTICS R118).</summary>
public static class MonitorFailureIssue
{
    /// <summary>Group type <c>monitor_check_in_failure</c>, category cron, default priority high.</summary>
    public const int GroupTypeId = 4001;

    public const string Level = "error";
    public const string Platform = "other";

    /// <summary>Sentry's <c>GroupHistoryStatus</c>/<c>GroupStatus</c> RESOLVED, the only status the crons producer sends (R120).</summary>
    public const int StatusResolved = 1;
}

/// <summary>SEMANTICS R118: an issue occurrence with its attached event.</summary>
public sealed record IssueOccurrenceMessage
{
    public string PayloadType { get; init; } = OccurrencePayloadTypes.Occurrence;

    /// <summary>32 lowercase hex; deterministic per source event, so a redelivery republishes the same occurrence.</summary>
    public required string Id { get; init; }

    /// <summary>32 lowercase hex, equal to <see cref="OccurrenceEvent.EventId"/>.</summary>
    public required string EventId { get; init; }

    public required long ProjectId { get; init; }

    /// <summary>[incident grouphash].</summary>
    public required IReadOnlyList<string> Fingerprint { get; init; }

    public int Type { get; init; } = MonitorFailureIssue.GroupTypeId;

    public required string IssueTitle { get; init; }

    public required string Subtitle { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ResourceId { get; init; }

    public string Culprit { get; init; } = "";

    public string Level { get; init; } = MonitorFailureIssue.Level;

    /// <summary>Seconds since the Unix epoch, as Sentry's <c>IssueOccurrence.to_dict</c> writes it.</summary>
    public required double DetectionTime { get; init; }

    /// <summary>
    /// The check-ins behind the occurrence, named as Sentry's incident-occurrence message names them (R117):
    /// <c>failed_checkin_id</c>, <c>previous_checkin_ids</c> (the incident window, oldest first, the failed one
    /// included) and <c>monitor_environment_id</c>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> EvidenceData { get; init; } = new Dictionary<string, JsonElement>();

    public required IReadOnlyList<EvidenceDisplay> EvidenceDisplay { get; init; }

    /// <summary>"user:ID" or "team:ID", or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Assignee { get; init; }

    public required OccurrenceEvent Event { get; init; }
}

public sealed record EvidenceDisplay(string Name, string Value, bool Important);

/// <summary>The event attached to an occurrence (SEMANTICS R118, "Attached event").</summary>
public sealed record OccurrenceEvent
{
    public required string EventId { get; init; }

    public required long ProjectId { get; init; }

    public string Platform { get; init; } = MonitorFailureIssue.Platform;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Sdk { get; init; }

    public required string Environment { get; init; }

    public required IReadOnlyList<string> Fingerprint { get; init; }

    /// <summary>ISO-8601 of the failed check-in's receive time.</summary>
    public required DateTimeOffset Received { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required OccurrenceContexts Contexts { get; init; }

    /// <summary>"monitor.id", "monitor.slug", "monitor.incident".</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
}

public sealed record OccurrenceContexts
{
    public required MonitorContext Monitor { get; init; }

    /// <summary>Present only when the failed check-in carried a trace id.</summary>
    public TraceContext? Trace { get; init; }
}

public sealed record MonitorContext
{
    /// <summary>The monitor's guid.</summary>
    public required string Id { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Config { get; init; }

    /// <summary>The environment's status name, e.g. "error".</summary>
    public required string Status { get; init; }
}

public sealed record TraceContext
{
    public required string TraceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SpanId { get; init; }
}

/// <summary>SEMANTICS R120: resolves the issue with this fingerprint.</summary>
public sealed record StatusChangeMessage
{
    public string PayloadType { get; init; } = OccurrencePayloadTypes.StatusChange;

    /// <summary>[incident grouphash].</summary>
    public required IReadOnlyList<string> Fingerprint { get; init; }

    public required long ProjectId { get; init; }

    public int NewStatus { get; init; } = MonitorFailureIssue.StatusResolved;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? NewSubstatus { get; init; }

    /// <summary>
    /// Sentry's newest status change has an <c>activity_data</c> map; here it names the resolving check-in
    /// (<c>resolving_checkin_id</c>), the incident (<c>incident_id</c>) and the <c>monitor_environment_id</c>.
    /// Omitted when empty.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? ActivityData { get; init; }

    /// <summary>32 lowercase hex; deterministic per source event.</summary>
    public required string Id { get; init; }
}

public static class OccurrenceKeys
{
    /// <summary>SEMANTICS R118/R120: the Kafka key <c>"{fingerprint[0]}-{project_id}"</c>, sent as <see cref="PubSubMetadata.PartitionKey"/>.</summary>
    public static string Of(string fingerprint, long projectId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{fingerprint}-{projectId}");
}
