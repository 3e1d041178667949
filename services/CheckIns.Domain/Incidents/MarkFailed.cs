using CheckIns.Contracts;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Incidents;

/// <summary>Failure, thresholds, incidents and occurrences (SEMANTICS §11a, R68–R76).</summary>
internal static class MarkFailed
{
    /// <summary>Returns false when nothing happened (stale failure, threshold not met, or environment not active).</summary>
    public static bool Run(Turn turn, WorkingEnvironment environment, CheckIn failed, DateTimeOffset failedAt, DateTimeOffset received)
    {
        var config = turn.Monitor!.Config;
        var lastCheckIn = environment.LastCheckIn;

        // R69: misses never advance last_checkin; a failure older than last_checkin changes nothing.
        var newLast = failed.Status == CheckInStatus.Missed ? lastCheckIn : failed.DateAdded;
        if (lastCheckIn is { } current && (newLast is null || current > newLast.Value))
        {
            return false;
        }

        var (next, latest) = ScheduleMath.Expected(config, failedAt);
        environment.SetTimes(newLast, next, latest, environment.LastSuccessfulCheckIn);

        List<CheckIn> window;
        Incident? incident;
        switch (environment.Status)
        {
            case EnvironmentStatus.Ok:
            case EnvironmentStatus.Active:
                window = Window(environment, failed, Thresholds.Failure(config));
                for (var i = 0; i < window.Count; i++)
                {
                    // R71: any OK check-in in the window keeps the environment healthy.
                    if (window[i].Status == CheckInStatus.Ok)
                    {
                        return false;
                    }
                }

                incident = environment.ActiveIncident ?? Open(turn, environment, window[0], received);
                EffectEmitter.SetStatus(turn, environment, EnvironmentStatus.Error, failed, received);
                break;
            case EnvironmentStatus.Error:
                window = [failed];
                incident = environment.ActiveIncident;
                break;
            default:
                return false;
        }

        // R74, D16: muted environments still fail and open incidents, but emit no occurrence.
        if (incident is not null && !EffectEmitter.IsMuted(turn, environment))
        {
            var reason = FailureReason.Describe(window);
            for (var i = 0; i < window.Count; i++)
            {
                EffectEmitter.Emit(turn, environment, MonitorEffectKind.IncidentOccurrence, received, window[i], incident, window, reason);
            }
        }

        return true;
    }

    /// <summary>R71: up to N check-ins with date_added ≤ the failed one's, oldest first; just [failed] when N is 1.</summary>
    private static List<CheckIn> Window(WorkingEnvironment environment, CheckIn failed, int threshold)
    {
        if (threshold <= 1)
        {
            return [failed];
        }

        var list = environment.CheckIns;
        var picked = new List<CheckIn>(Math.Min(threshold, list.Count));
        for (var i = list.Count - 1; i >= 0 && picked.Count < threshold; i--)
        {
            if (list[i].DateAdded <= failed.DateAdded)
            {
                picked.Add(list[i]);
            }
        }

        if (picked.Count == 0)
        {
            picked.Add(failed);
        }

        picked.Reverse();
        return picked;
    }

    /// <summary>R71.2–3: a new incident starting at the window's oldest check-in, with the environment's stable fingerprint (D13).</summary>
    private static Incident Open(Turn turn, WorkingEnvironment environment, CheckIn starting, DateTimeOffset received)
    {
        var ordinal = environment.IncidentCount + 1;
        var incident = new Incident
        {
            Id = DeterministicIds.IncidentId(environment.Id, ordinal),
            Fingerprint = DeterministicIds.Fingerprint(environment.Id),
            StartingCheckInId = starting.Id,
            StartingTimestamp = starting.DateAdded,
            DateAdded = received,
        };
        environment.ActiveIncident = incident;
        environment.IncidentCount = ordinal;
        turn.MarkChanged();
        return incident;
    }
}
