using CheckIns.Contracts;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.StatusEvents;

/// <summary>Turns a domain effect into the monitors-status contract; the event id is the effect's deterministic id.</summary>
public static class StatusEventMapper
{
    public static MonitorStatusEvent ToStatusEvent(MonitorEffect effect, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new MonitorStatusEvent
        {
            EventId = effect.EffectId,
            Kind = effect.Kind switch
            {
                MonitorEffectKind.IncidentOccurrence => MonitorStatusEventKinds.IncidentOccurrence,
                MonitorEffectKind.IncidentResolved => MonitorStatusEventKinds.IncidentResolved,
                _ => MonitorStatusEventKinds.EnvironmentStatusChanged,
            },
            ProjectId = effect.ProjectId,
            OrganizationId = effect.OrganizationId,
            Monitor = new MonitorSnapshot
            {
                Guid = effect.MonitorGuid.ToString(),
                Slug = effect.MonitorSlug,
                Name = effect.MonitorName,
                Config = effect.MonitorConfig.ToJson(),
                Owner = effect.Owner,
            },
            Environment = effect.Environment,
            MonitorEnvironmentId = effect.MonitorEnvironmentId,
            EnvironmentStatus = StatusNames.Of(effect.EnvironmentStatus),
            Muted = effect.Muted,
            Incident = effect.Incident is { } incident ? ToSnapshot(incident) : null,
            CheckIn = effect.CheckIn is { } checkIn ? ToSnapshot(checkIn) : null,
            PreviousCheckIns = [.. effect.PreviousCheckIns.Select(ToSnapshot)],
            FailureReason = effect.FailureReason,
            LastSuccessfulCheckIn = effect.LastSuccessfulCheckIn,
            ReceivedAt = effect.ReceivedAt,
            OccurredAt = occurredAt,
        };
    }

    private static IncidentSnapshot ToSnapshot(Incident incident) => new()
    {
        Id = incident.Id,
        Fingerprint = incident.Fingerprint,
        StartingCheckInId = incident.StartingCheckInId.ToString(),
        StartingTimestamp = incident.StartingTimestamp,
        ResolvingCheckInId = incident.ResolvingCheckInId?.ToString(),
        ResolvingTimestamp = incident.ResolvingTimestamp,
    };

    private static CheckInSnapshot ToSnapshot(CheckIn checkIn) => new()
    {
        Id = checkIn.Id.ToString(),
        Status = StatusNames.Of(checkIn.Status),
        DateAdded = checkIn.DateAdded,
        TraceId = checkIn.TraceId,
    };
}
