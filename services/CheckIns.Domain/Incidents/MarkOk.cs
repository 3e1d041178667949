using CheckIns.Domain.Effects;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Incidents;

/// <summary>State advance for a check-in that is not an error (SEMANTICS §10, R63–R67, R77–R80).</summary>
internal static class MarkOk
{
    public static void Run(Turn turn, WorkingEnvironment environment, CheckIn checkIn, DateTimeOffset succeededAt)
    {
        var config = turn.Monitor!.Config;
        var (next, latest) = ScheduleMath.Expected(config, succeededAt);

        // R65: resolution happens before, and independently of, the guarded timestamp write.
        var resolved = TryResolve(turn, environment, checkIn, succeededAt);

        var lastCheckIn = environment.LastCheckIn;
        var lastSuccessful = environment.LastSuccessfulCheckIn;
        if (checkIn.Status == CheckInStatus.Ok && (lastSuccessful is null || lastSuccessful < checkIn.DateAdded))
        {
            lastSuccessful = checkIn.DateAdded;
        }

        if (lastCheckIn is null || lastCheckIn <= succeededAt)
        {
            // R66 writes the check-in's date_added; Q10 fixed: never move last_checkin backwards.
            var last = lastCheckIn is { } current && current > checkIn.DateAdded ? current : checkIn.DateAdded;
            environment.SetTimes(last, next, latest, lastSuccessful);
        }
        else if (lastSuccessful != environment.LastSuccessfulCheckIn)
        {
            environment.LastSuccessfulCheckIn = lastSuccessful;
        }

        if (resolved)
        {
            // Written even when the timestamps were not, so that ERROR always means "an active incident exists".
            EffectEmitter.SetStatus(turn, environment, EnvironmentStatus.Ok, checkIn, succeededAt);
        }
    }

    /// <summary>R77–R80: true when the environment becomes OK; resolves the active incident if there is one.</summary>
    private static bool TryResolve(Turn turn, WorkingEnvironment environment, CheckIn checkIn, DateTimeOffset receivedAt)
    {
        if (environment.Status == EnvironmentStatus.Ok || checkIn.Status != CheckInStatus.Ok)
        {
            return false;
        }

        var threshold = Thresholds.Recovery(turn.Monitor!.Config);
        if (threshold > 1)
        {
            // R78: the N most recent check-ins by date_added, of any status, must all be OK.
            var list = environment.CheckIns;
            var start = Math.Max(0, list.Count - threshold);
            for (var i = start; i < list.Count; i++)
            {
                if (list[i].Status != CheckInStatus.Ok)
                {
                    return false;
                }
            }
        }

        if (environment.ActiveIncident is { } incident)
        {
            var resolvedIncident = incident with { ResolvingCheckInId = checkIn.Id, ResolvingTimestamp = checkIn.DateAdded };
            environment.ActiveIncident = null;
            environment.AddResolved(resolvedIncident, turn.Options.ResolvedIncidentsPerEnvironment);
            EffectEmitter.Emit(turn, environment, MonitorEffectKind.IncidentResolved, receivedAt, checkIn, resolvedIncident);
        }

        return true;
    }
}
