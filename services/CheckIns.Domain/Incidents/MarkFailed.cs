namespace CheckIns.Domain;

/// <summary>Failure, thresholds, incidents and occurrences (SEMANTICS §11a, R68–R76).</summary>
internal static class MarkFailed
{
    /// <summary>Returns false when nothing happened (stale failure, threshold not met, or environment not active).</summary>
    public static bool Run(Turn turn, WorkingEnvironment environment, CheckIn failed, DateTimeOffset failedAt, DateTimeOffset received)
    {
        var config = turn.Monitor!.Config;
        var env = environment.Env;

        // R69: misses never advance last_checkin; a failure older than last_checkin changes nothing.
        var newLast = failed.Status == CheckInStatus.Missed ? env.LastCheckIn : failed.DateAdded;
        if (env.LastCheckIn is { } current && (newLast is null || current > newLast.Value))
        {
            return false;
        }

        var (next, latest) = ScheduleMath.Expected(config, failedAt);
        environment.Env = env with { LastCheckIn = newLast, NextCheckIn = next, NextCheckInLatest = latest };

        IReadOnlyList<CheckIn> window;
        Incident? incident;
        switch (environment.Env.Status)
        {
            case EnvironmentStatus.Ok:
            case EnvironmentStatus.Active:
                window = Window(environment, failed, Thresholds.Failure(config));
                foreach (var checkIn in window)
                {
                    // R71: any OK check-in in the window keeps the environment healthy.
                    if (checkIn.Status == CheckInStatus.Ok)
                    {
                        return false;
                    }
                }

                incident = environment.Env.ActiveIncident ?? Open(turn, environment, window[0], received);
                Effects.SetStatus(turn, environment, EnvironmentStatus.Error, failed, received);
                break;
            case EnvironmentStatus.Error:
                window = [failed];
                incident = environment.Env.ActiveIncident;
                break;
            default:
                return false;
        }

        // R74, D16: muted environments still fail and open incidents, but emit no occurrence.
        if (incident is not null && !Effects.IsMuted(turn, environment))
        {
            var reason = FailureReason.Describe(window);
            foreach (var checkIn in window)
            {
                Effects.Emit(turn, environment, MonitorEffectKind.IncidentOccurrence, received, checkIn, incident, window, reason);
            }
        }

        return true;
    }

    /// <summary>R71: up to N check-ins with date_added ≤ the failed one's, oldest first; just [failed] when N is 1.</summary>
    private static IReadOnlyList<CheckIn> Window(WorkingEnvironment environment, CheckIn failed, int threshold)
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
        var env = environment.Env;
        var ordinal = env.IncidentCount + 1;
        var incident = new Incident
        {
            Id = DeterministicIds.IncidentId(env.Id, ordinal),
            Fingerprint = DeterministicIds.Fingerprint(env.Id),
            StartingCheckInId = starting.Id,
            StartingTimestamp = starting.DateAdded,
            DateAdded = received,
        };
        environment.Env = env with { ActiveIncident = incident, IncidentCount = ordinal };
        turn.MarkChanged();
        return incident;
    }
}
