namespace CheckIns.Incidents.Issues;

public static class IssueStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}

/// <summary>
/// One issue, keyed by its fingerprint (the incident grouphash, SEMANTICS R13). With a grouphash that is stable per
/// environment (D13), a later incident reuses the issue and reopens it; the record then follows the newest incident.
/// </summary>
public sealed record IssueRecord
{
    public const int CurrentVersion = 1;

    /// <summary>How many source event ids an issue remembers to drop redeliveries; older ids fall out first.</summary>
    public const int SeenEventWindow = 256;

    /// <summary>How many earlier incidents an issue keeps for the incidents API; the oldest falls out first.</summary>
    public const int PastIncidentsKept = 50;

    public int Version { get; init; } = CurrentVersion;
    public required string Fingerprint { get; init; }
    public required long ProjectId { get; init; }
    public long? OrganizationId { get; init; }

    public required string MonitorGuid { get; init; }
    public required string MonitorSlug { get; init; }
    public required string MonitorName { get; init; }
    public required string Environment { get; init; }

    /// <summary><see cref="IssueStatuses.Open"/> or <see cref="IssueStatuses.Resolved"/>.</summary>
    public required string Status { get; init; }

    public required string IncidentId { get; init; }
    public required string StartingCheckInId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public string? ResolvingCheckInId { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Title and subtitle of the newest occurrence published for this issue.</summary>
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset? LastOccurrenceAt { get; init; }

    /// <summary>Occurrences published for this issue, over all its incidents.</summary>
    public int OccurrenceCount { get; init; }

    /// <summary>Incidents this issue has had (more than one after a regression).</summary>
    public int IncidentCount { get; init; } = 1;

    /// <summary>Occurrences held back because the environment was muted (SEMANTICS R74, D16).</summary>
    public int MutedOccurrenceCount { get; init; }

    public bool Muted { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>
    /// The issue's earlier incidents (the ones a regression replaced), oldest first, at most
    /// <see cref="PastIncidentsKept"/>; the current incident is the record's own fields. Records written before the
    /// history existed read as none.
    /// </summary>
    public IReadOnlyList<PastIncident> PastIncidents { get; init; } = [];

    /// <summary>The newest source event ids applied, oldest first, at most <see cref="SeenEventWindow"/>.</summary>
    public IReadOnlyList<string> SeenEventIds { get; init; } = [];

    public bool HasSeen(string eventId) => SeenEventIds.Contains(eventId, StringComparer.Ordinal);
}

/// <summary>An earlier incident of an issue: what the incidents API lists for it.</summary>
public sealed record PastIncident
{
    public required string IncidentId { get; init; }
    public required string StartingCheckInId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public string? ResolvingCheckInId { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
}
