using System.Text.Json;

namespace CheckIns.Contracts;

/// <summary>
/// What the processor publishes to <see cref="Topics.MonitorsStatus"/> from a check-in's (or a timeout's, or a tick's) workflow.
/// <see cref="EventId"/> is deterministic, so a consumer drops a redelivered event.
/// </summary>
public sealed record MonitorStatusEvent
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string EventId { get; init; }

    /// <summary>One of <see cref="MonitorStatusEventKinds"/>.</summary>
    public required string Kind { get; init; }

    public required long ProjectId { get; init; }

    public long? OrganizationId { get; init; }

    public required MonitorSnapshot Monitor { get; init; }

    public required string Environment { get; init; }

    /// <summary>
    /// The stable monitor-environment id (SEMANTICS R116/R117 key their messages by it; D13 puts it in the fingerprint).
    /// Added in version 1 as an optional field: events written before it carry none.
    /// </summary>
    public string? MonitorEnvironmentId { get; init; }

    /// <summary>The environment's status after the change: "active", "ok", "error", "disabled".</summary>
    public required string EnvironmentStatus { get; init; }

    public bool Muted { get; init; }

    public IncidentSnapshot? Incident { get; init; }

    /// <summary>The check-in that caused the event (the failed one for an occurrence, the resolving one for a resolution).</summary>
    public CheckInSnapshot? CheckIn { get; init; }

    /// <summary>For an occurrence: the incident window's check-ins, oldest first, the failed one included (SEMANTICS R117 <c>previous_checkin_ids</c>).</summary>
    public IReadOnlyList<CheckInSnapshot> PreviousCheckIns { get; init; } = [];

    /// <summary>SEMANTICS R119, computed by the rules engine.</summary>
    public string? FailureReason { get; init; }

    public DateTimeOffset? LastSuccessfulCheckIn { get; init; }

    /// <summary>Ingest time of the check-in that caused the event; for a missed or timed-out check-in, the deadline.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the processor produced the event.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

public static class MonitorStatusEventKinds
{
    public const string IncidentOccurrence = "incident_occurrence";
    public const string IncidentResolved = "incident_resolved";
    public const string EnvironmentStatusChanged = "environment_status_changed";
}

public sealed record MonitorSnapshot
{
    public required string Guid { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public JsonElement? Config { get; init; }

    /// <summary>"user:ID" or "team:ID", or null.</summary>
    public string? Owner { get; init; }
}

public sealed record IncidentSnapshot
{
    public required string Id { get; init; }

    /// <summary>The grouphash: the issue fingerprint (SEMANTICS R13).</summary>
    public required string Fingerprint { get; init; }

    public required string StartingCheckInId { get; init; }
    public required DateTimeOffset StartingTimestamp { get; init; }
    public string? ResolvingCheckInId { get; init; }
    public DateTimeOffset? ResolvingTimestamp { get; init; }
}

public sealed record CheckInSnapshot
{
    public required string Id { get; init; }

    /// <summary>"ok", "error", "in_progress", "missed", "timeout", "unknown".</summary>
    public required string Status { get; init; }

    public required DateTimeOffset DateAdded { get; init; }
    public string? TraceId { get; init; }
}
