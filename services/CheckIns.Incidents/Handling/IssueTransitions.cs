using CheckIns.Contracts;
using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents.Handling;

/// <summary>How an event changes the issue it names. Pure: the handler loads, applies this, and saves with an ETag.</summary>
public static class IssueTransitions
{
    /// <param name="current">The stored issue, or null when the fingerprint is new.</param>
    /// <param name="evt">An event with an incident.</param>
    /// <param name="occurrence">The occurrence published for this event, if one was.</param>
    public static IssueRecord Apply(IssueRecord? current, MonitorStatusEvent evt, OutgoingMessage? occurrence)
    {
        var incident = evt.Incident ?? throw new ArgumentException("Only events with an incident change an issue.", nameof(evt));
        var isResolution = evt.Kind == MonitorStatusEventKinds.IncidentResolved || incident.ResolvingCheckInId is not null;

        IssueRecord issue;
        if (current is null)
        {
            issue = NewIssue(evt, incident);
        }
        else if (current.IncidentId == incident.Id)
        {
            issue = current;
        }
        else if (incident.StartingTimestamp >= current.StartedAt)
        {
            // The same fingerprint with a newer incident: the issue regresses (D13, R81 — a resolved incident is
            // never reopened, a new one takes its place).
            issue = NewIssue(evt, incident) with
            {
                FirstSeenAt = current.FirstSeenAt,
                OccurrenceCount = current.OccurrenceCount,
                MutedOccurrenceCount = current.MutedOccurrenceCount,
                IncidentCount = current.IncidentCount + 1,
                Title = current.Title,
                Subtitle = current.Subtitle,
                FailureReason = current.FailureReason,
                LastOccurrenceAt = current.LastOccurrenceAt,
                PastIncidents = WithPast(current.PastIncidents, current),
            };
        }
        else
        {
            // A late event of an older incident: the issue follows the newest incident. A late resolution of an
            // incident in the history resolves it there; an incident the issue never saw is only remembered.
            return Remember(isResolution ? ResolvePast(current, evt, incident) : current, evt);
        }

        issue = issue with
        {
            MonitorGuid = evt.Monitor.Guid,
            MonitorSlug = evt.Monitor.Slug,
            MonitorName = evt.Monitor.Name,
            OrganizationId = evt.OrganizationId ?? issue.OrganizationId,
            Muted = evt.Muted,
            LastSeenAt = Max(issue.LastSeenAt, evt.OccurredAt),
        };

        if (isResolution && issue.Status != IssueStatuses.Resolved)
        {
            issue = issue with
            {
                Status = IssueStatuses.Resolved,
                ResolvingCheckInId = incident.ResolvingCheckInId ?? evt.CheckIn?.Id,
                ResolvedAt = incident.ResolvingTimestamp ?? evt.CheckIn?.DateAdded ?? evt.ReceivedAt,
            };
        }

        if (evt.Kind == MonitorStatusEventKinds.IncidentOccurrence)
        {
            issue = occurrence is null
                ? issue with { MutedOccurrenceCount = issue.MutedOccurrenceCount + 1 }
                : issue with
                {
                    OccurrenceCount = issue.OccurrenceCount + 1,
                    Title = OccurrenceWording.Title(evt.Monitor.Name),
                    Subtitle = OccurrenceWording.Subtitle(FailureReasonOf(evt)),
                    FailureReason = FailureReasonOf(evt),
                    LastOccurrenceAt = Max(issue.LastOccurrenceAt ?? DateTimeOffset.MinValue, evt.CheckIn?.DateAdded ?? evt.ReceivedAt),
                };
        }

        return Remember(issue, evt);
    }

    public static string FailureReasonOf(MonitorStatusEvent evt) =>
        string.IsNullOrWhiteSpace(evt.FailureReason) ? OccurrenceWording.UnknownFailureReason : evt.FailureReason;

    private static IssueRecord NewIssue(MonitorStatusEvent evt, IncidentSnapshot incident) => new()
    {
        Fingerprint = incident.Fingerprint,
        ProjectId = evt.ProjectId,
        OrganizationId = evt.OrganizationId,
        MonitorGuid = evt.Monitor.Guid,
        MonitorSlug = evt.Monitor.Slug,
        MonitorName = evt.Monitor.Name,
        Environment = evt.Environment,
        Status = IssueStatuses.Open,
        IncidentId = incident.Id,
        StartingCheckInId = incident.StartingCheckInId,
        StartedAt = incident.StartingTimestamp,
        Muted = evt.Muted,
        FirstSeenAt = evt.OccurredAt,
        LastSeenAt = evt.OccurredAt,
    };

    private static IReadOnlyList<PastIncident> WithPast(IReadOnlyList<PastIncident> past, IssueRecord replaced)
    {
        var entry = new PastIncident
        {
            IncidentId = replaced.IncidentId,
            StartingCheckInId = replaced.StartingCheckInId,
            StartedAt = replaced.StartedAt,
            ResolvingCheckInId = replaced.ResolvingCheckInId,
            ResolvedAt = replaced.ResolvedAt,
        };
        var overflow = past.Count + 1 - IssueRecord.PastIncidentsKept;
        return [.. (overflow > 0 ? past.Skip(overflow) : past), entry];
    }

    private static IssueRecord ResolvePast(IssueRecord issue, MonitorStatusEvent evt, IncidentSnapshot incident)
    {
        var past = issue.PastIncidents.ToList();
        var at = past.FindIndex(p => p.IncidentId == incident.Id);
        if (at < 0 || past[at].ResolvedAt is not null)
        {
            return issue;
        }

        past[at] = past[at] with
        {
            ResolvingCheckInId = incident.ResolvingCheckInId ?? evt.CheckIn?.Id,
            ResolvedAt = incident.ResolvingTimestamp ?? evt.CheckIn?.DateAdded ?? evt.ReceivedAt,
        };
        return issue with { PastIncidents = past };
    }

    private static IssueRecord Remember(IssueRecord issue, MonitorStatusEvent evt)
    {
        var seen = issue.SeenEventIds.Append(evt.EventId);
        var overflow = issue.SeenEventIds.Count + 1 - IssueRecord.SeenEventWindow;
        return issue with { SeenEventIds = [.. overflow > 0 ? seen.Skip(overflow) : seen] };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
