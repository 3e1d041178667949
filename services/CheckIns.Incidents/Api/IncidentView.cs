using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents.Api;

public sealed record MonitorRef(string Guid, string Slug, string Name);

/// <summary>One issue as <c>GET /v1/projects/{project_id}/incidents</c> shows it.</summary>
public sealed record IncidentView
{
    public required string Fingerprint { get; init; }
    public required long ProjectId { get; init; }

    /// <summary>"open" or "resolved".</summary>
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
}
