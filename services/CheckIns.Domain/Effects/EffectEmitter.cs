using CheckIns.Domain.Environments;
using CheckIns.Domain.Model;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Effects;

/// <summary>Builds effects from the turn's current monitor and environment, each with the next deterministic id.</summary>
internal static class EffectEmitter
{
    public static bool IsMuted(Turn turn, WorkingEnvironment environment) =>
        (turn.Monitor?.IsMuted ?? false) || environment.IsMuted;

    public static void Emit(
        Turn turn,
        WorkingEnvironment environment,
        MonitorEffectKind kind,
        DateTimeOffset receivedAt,
        CheckIn? checkIn,
        Incident? incident = null,
        IReadOnlyList<CheckIn>? window = null,
        string? failureReason = null)
    {
        var monitor = turn.Monitor!;
        turn.AddEffect(new MonitorEffect
        {
            EffectId = turn.NextEffectId(),
            Kind = kind,
            ProjectId = turn.ProjectId,
            OrganizationId = monitor.OrganizationId,
            MonitorGuid = monitor.Guid,
            MonitorSlug = turn.Slug,
            MonitorName = monitor.Name,
            MonitorConfig = monitor.Config,
            Owner = monitor.Owner,
            Environment = environment.Name,
            MonitorEnvironmentId = environment.Id,
            EnvironmentStatus = environment.Status,
            Muted = IsMuted(turn, environment),
            Incident = incident,
            CheckIn = checkIn,
            PreviousCheckIns = window ?? [],
            FailureReason = failureReason,
            LastSuccessfulCheckIn = environment.LastSuccessfulCheckIn,
            ReceivedAt = receivedAt,
        });
    }

    /// <summary>Sets the environment status and reports a change.</summary>
    public static void SetStatus(Turn turn, WorkingEnvironment environment, EnvironmentStatus status, CheckIn? cause, DateTimeOffset receivedAt)
    {
        if (environment.Status == status)
        {
            return;
        }

        environment.Status = status;
        Emit(turn, environment, MonitorEffectKind.EnvironmentStatusChanged, receivedAt, cause, environment.ActiveIncident);
    }
}
