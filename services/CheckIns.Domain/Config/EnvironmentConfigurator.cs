using CheckIns.Domain.Effects;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Config;

/// <summary>
/// Mutes or disables one environment (SEMANTICS D16, R2, R73, R91). Muted, it still changes status and opens and
/// resolves incidents, but emits no occurrence. Disabled, it is skipped by missed and timeout detection (R91), a
/// failure changes nothing (R73), and its check-ins are refused with MONITOR_DISABLED; its open incident stays open.
/// </summary>
internal static class EnvironmentConfigurator
{
    public const string NotFoundReason = "The monitor has no such environment.";

    public static TurnResult Run(MonitorState state, EnvironmentConfigRequest request, DateTimeOffset now, EngineOptions options)
    {
        if (state.Monitor is null)
        {
            return Refuse(state, ProcessingError.Of(ProcessingErrorType.MonitorNotFound));
        }

        EnvironmentStatus? wanted = request.Status switch
        {
            null => null,
            "active" => EnvironmentStatus.Active,
            "disabled" => EnvironmentStatus.Disabled,
            _ => null,
        };
        if (request.Status is not null && wanted is null)
        {
            var errors = new ConfigErrors();
            errors.Add("status", $"\"{request.Status}\" is not a valid choice.");
            return Refuse(state, ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, errors.ToMap()));
        }

        if (request.PingMethods is { } methods && methods is not (MonitorEnvironment.PingMethodsAny or MonitorEnvironment.PingMethodsPost))
        {
            var errors = new ConfigErrors();
            errors.Add("ping_methods", $"\"{methods}\" is not a valid choice: \"\" (HEAD, GET and POST) or \"POST\".");
            return Refuse(state, ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, errors.ToMap()));
        }

        if (request.PingUuid == Guid.Empty)
        {
            var errors = new ConfigErrors();
            errors.Add("ping_uuid", "The ping UUID must not be the all-zero UUID.");
            return Refuse(state, ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, errors.ToMap()));
        }

        var turn = new Turn(state, options);
        var environment = turn.FindEnvironment(request.Environment);
        if (environment is null && request.Create)
        {
            environment = EnvironmentResolver.Ensure(turn, request.Environment, now, out var rejection);
            if (rejection?.Errors[0] is { } refused)
            {
                // A bad name is the request's fault here, not a missing environment: a field error, as for the config.
                return Refuse(state, refused.Type == ProcessingErrorType.MonitorInvalidEnvironment
                    ? ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
                    {
                        ["environment"] = [refused.Reason ?? EnvironmentResolver.InvalidName],
                    })
                    : refused);
            }
        }

        if (environment is null)
        {
            return Refuse(state, ProcessingError.WithReason(ProcessingErrorType.MonitorInvalidEnvironment, NotFoundReason));
        }

        if (request.IsMuted is { } muted && muted != environment.IsMuted)
        {
            environment.IsMuted = muted;

            // D16: a monitor counts as muted when its environments are; a new environment of a muted monitor starts muted.
            var allMuted = turn.Environments.TrueForAll(e => e.IsMuted);
            if (turn.Monitor!.IsMuted != allMuted)
            {
                turn.Monitor = turn.Monitor with { IsMuted = allMuted };
            }

            turn.MarkChanged();
        }

        if (request.PingUuid is { } uuid && uuid != environment.PingUuid)
        {
            environment.PingUuid = uuid;
            turn.MarkChanged();
        }
        else if (environment.PingUuid is null)
        {
            // An environment stored before ping UUIDs existed gets its own on its first edit (an empty body will do).
            environment.PingUuid = options.NewPingUuid();
            turn.MarkChanged();
        }

        if (request.PingMethods is { } pingMethods && pingMethods != environment.PingMethods)
        {
            environment.PingMethods = pingMethods;
            turn.MarkChanged();
        }

        if (wanted == EnvironmentStatus.Disabled && environment.Status != EnvironmentStatus.Disabled)
        {
            EffectEmitter.SetStatus(turn, environment, EnvironmentStatus.Disabled, null, now);
        }
        else if (wanted == EnvironmentStatus.Active && environment.Status == EnvironmentStatus.Disabled)
        {
            // Back to what the environment knows of itself: ERROR means an open incident (R2), OK a past check-in.
            var status = environment.ActiveIncident is not null ? EnvironmentStatus.Error
                : environment.LastCheckIn is not null ? EnvironmentStatus.Ok
                : EnvironmentStatus.Active;
            if (environment.NextCheckInLatest is { } latest && latest <= now)
            {
                // Deadlines that passed while it was disabled are not misses: the next check-in is expected from now.
                var (next, nextLatest) = ScheduleMath.Expected(turn.Monitor!.Config, now);
                environment.SetExpected(next, nextLatest);
            }

            EffectEmitter.SetStatus(turn, environment, status, null, now);
        }

        return new TurnResult(turn.Freeze(), [], turn.Effects);
    }

    private static TurnResult Refuse(MonitorState state, ProcessingError error) =>
        new(state, [], []) { ConfigError = error };
}
