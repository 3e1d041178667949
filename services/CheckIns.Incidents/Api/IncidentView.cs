using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents.Api;

public sealed record MonitorRef(string Guid, string Slug, string Name);

/// <summary>
/// One incident as <c>GET /v1/projects/{project_id}/incidents</c> shows it: the incident's own fields (id, status,
/// starting and resolving check-in) and those of the issue it belongs to (fingerprint, monitor, counts, wording).
/// </summary>
public sealed record IncidentView
{
    public required string Fingerprint { get; init; }
    public required long ProjectId { get; init; }

    /// <summary>The incident's status, "open" or "resolved"; for the issue's latest incident, the issue's status.</summary>
    public required string Status { get; init; }

    public required MonitorRef Monitor { get; init; }
    public required string Environment { get; init; }
    public required string IncidentId { get; init; }
    public required string StartingCheckInId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public string? ResolvingCheckInId { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset? LastOccurrenceAt { get; init; }
    public required int OccurrenceCount { get; init; }
    public required int MutedOccurrenceCount { get; init; }
    public required int IncidentCount { get; init; }
    public required bool Muted { get; init; }
    public required DateTimeOffset FirstSeenAt { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }

    public static IncidentView From(IssueRecord issue) => new()
    {
        Fingerprint = issue.Fingerprint,
        ProjectId = issue.ProjectId,
        Status = issue.Status,
        Monitor = new MonitorRef(issue.MonitorGuid, issue.MonitorSlug, issue.MonitorName),
        Environment = issue.Environment,
        IncidentId = issue.IncidentId,
        StartingCheckInId = issue.StartingCheckInId,
        StartedAt = issue.StartedAt,
        ResolvingCheckInId = issue.ResolvingCheckInId,
        ResolvedAt = issue.ResolvedAt,
        Title = issue.Title,
        Subtitle = issue.Subtitle,
        FailureReason = issue.FailureReason,
        LastOccurrenceAt = issue.LastOccurrenceAt,
        OccurrenceCount = issue.OccurrenceCount,
        MutedOccurrenceCount = issue.MutedOccurrenceCount,
        IncidentCount = issue.IncidentCount,
        Muted = issue.Muted,
        FirstSeenAt = issue.FirstSeenAt,
        LastSeenAt = issue.LastSeenAt,
    };

    /// <summary>An earlier incident of the issue: its own ids and times, the issue's other fields.</summary>
    public static IncidentView From(IssueRecord issue, PastIncident past) => From(issue) with
    {
        Status = past.ResolvedAt is null ? IssueStatuses.Open : IssueStatuses.Resolved,
        IncidentId = past.IncidentId,
        StartingCheckInId = past.StartingCheckInId,
        StartedAt = past.StartedAt,
        ResolvingCheckInId = past.ResolvingCheckInId,
        ResolvedAt = past.ResolvedAt,
    };

    /// <summary>Every incident of the issue the record keeps: the current one and its history.</summary>
    public static IEnumerable<IncidentView> AllOf(IssueRecord issue) =>
        issue.PastIncidents.Select(p => From(issue, p)).Append(From(issue));
}
