using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Storage;

/// <summary>A stored environment, its check-ins and incidents, to and from the model.</summary>
public static class MonitorEnvironmentMapper
{
    public static MonitorEnvironmentV1 ToStored(MonitorEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new MonitorEnvironmentV1
        {
            Id = environment.Id,
            Name = environment.Name,
            Status = (int)environment.Status,
            IsMuted = environment.IsMuted,
            LastCheckIn = environment.LastCheckIn,
            NextCheckIn = environment.NextCheckIn,
            NextCheckInLatest = environment.NextCheckInLatest,
            DateAdded = environment.DateAdded,
            CheckIns = [.. environment.CheckIns.Select(ToStored)],
            ActiveIncident = environment.ActiveIncident is { } active ? ToStored(active) : null,
            ResolvedIncidents = [.. environment.ResolvedIncidents.Select(ToStored)],
            LastSuccessfulCheckIn = environment.LastSuccessfulCheckIn,
            IncidentCount = environment.IncidentCount,
            PingUuid = environment.PingUuid,
            PingMethods = environment.PingMethods,
        };
    }

    public static MonitorEnvironment ToModel(MonitorEnvironmentV1 environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new MonitorEnvironment
        {
            Id = environment.Id,
            Name = environment.Name,
            Status = (EnvironmentStatus)environment.Status,
            IsMuted = environment.IsMuted,
            LastCheckIn = environment.LastCheckIn,
            NextCheckIn = environment.NextCheckIn,
            NextCheckInLatest = environment.NextCheckInLatest,
            DateAdded = environment.DateAdded,
            CheckIns = [.. (environment.CheckIns ?? []).Select(ToModel)],
            ActiveIncident = environment.ActiveIncident is { } active ? ToModel(active) : null,
            ResolvedIncidents = [.. (environment.ResolvedIncidents ?? []).Select(ToModel)],
            LastSuccessfulCheckIn = environment.LastSuccessfulCheckIn,
            IncidentCount = environment.IncidentCount,
            PingUuid = environment.PingUuid,
            PingMethods = environment.PingMethods ?? MonitorEnvironment.PingMethodsAny,
        };
    }

    private static CheckInV1 ToStored(CheckIn checkIn) => new()
    {
        Id = checkIn.Id,
        Status = (int)checkIn.Status,
        DurationMs = checkIn.DurationMs,
        DateAdded = checkIn.DateAdded,
        DateUpdated = checkIn.DateUpdated,
        DateClock = checkIn.DateClock,
        DateInProgress = checkIn.DateInProgress,
        ExpectedTime = checkIn.ExpectedTime,
        TimeoutAt = checkIn.TimeoutAt,
        TraceId = checkIn.TraceId,
        Body = checkIn.Body,
        MessageId = checkIn.MessageId,
    };

    private static CheckIn ToModel(CheckInV1 checkIn) => new()
    {
        Id = checkIn.Id,
        Status = (CheckInStatus)checkIn.Status,
        DurationMs = checkIn.DurationMs,
        DateAdded = checkIn.DateAdded,
        DateUpdated = checkIn.DateUpdated,
        DateClock = checkIn.DateClock,
        DateInProgress = checkIn.DateInProgress,
        ExpectedTime = checkIn.ExpectedTime,
        TimeoutAt = checkIn.TimeoutAt,
        TraceId = checkIn.TraceId,
        Body = checkIn.Body,
        MessageId = checkIn.MessageId,
    };

    private static IncidentV1 ToStored(Incident incident) => new()
    {
        Id = incident.Id,
        Fingerprint = incident.Fingerprint,
        StartingCheckInId = incident.StartingCheckInId,
        StartingTimestamp = incident.StartingTimestamp,
        ResolvingCheckInId = incident.ResolvingCheckInId,
        ResolvingTimestamp = incident.ResolvingTimestamp,
        DateAdded = incident.DateAdded,
        IsActive = incident.IsActive,
    };

    private static Incident ToModel(IncidentV1 incident) => new()
    {
        Id = incident.Id,
        Fingerprint = incident.Fingerprint,
        StartingCheckInId = incident.StartingCheckInId,
        StartingTimestamp = incident.StartingTimestamp,
        ResolvingCheckInId = incident.ResolvingCheckInId,
        ResolvingTimestamp = incident.ResolvingTimestamp,
        DateAdded = incident.DateAdded,
    };
}
