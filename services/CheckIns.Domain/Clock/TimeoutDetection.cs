using CheckIns.Domain.Environments;
using CheckIns.Domain.Incidents;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Clock;

/// <summary>
/// SEMANTICS R93, R94, D17: an in-progress check-in past its timeout_at becomes TIMEOUT; it fails the
/// environment unless a newer OK or ERROR check-in already exists. Inside a system outage it becomes UNKNOWN instead
/// and fails nothing (R95).
/// </summary>
internal static class TimeoutDetection
{
    public static void Run(Turn turn, WorkingEnvironment environment, DateTimeOffset tick, bool abnormal = false)
    {
        var config = turn.Monitor!.Config;
        for (var i = 0; i < environment.CheckIns.Count; i++)
        {
            var checkIn = environment.CheckIns[i];
            if (checkIn.Status != CheckInStatus.InProgress || checkIn.TimeoutAt is not { } timeoutAt || timeoutAt > tick)
            {
                continue;
            }

            TimeOut(turn, environment, i, timeoutAt, tick, config, abnormal);
        }
    }

    /// <summary>Times out the in-progress check-in at <paramref name="index"/>, whose timeout_at has passed at <paramref name="tick"/>.</summary>
    public static void TimeOut(Turn turn, WorkingEnvironment environment, int index, DateTimeOffset timeoutAt, DateTimeOffset tick, MonitorConfig config, bool abnormal = false)
    {
        if (abnormal)
        {
            environment.Replace(index, environment.CheckIns[index] with { Status = CheckInStatus.Unknown });
            turn.MarkChanged();
            return;
        }

        var timedOut = environment.CheckIns[index] with { Status = CheckInStatus.Timeout };
        environment.Replace(index, timedOut);
        turn.MarkChanged();
        if (HasNewerFinished(environment, timedOut))
        {
            return;
        }

        var failedAt = ScheduleMath.Previous(config, timedOut.DateAdded, tick);
        MarkFailed.Run(turn, environment, timedOut, failedAt, timeoutAt);
    }

    /// <summary>True when an OK or ERROR check-in was added after this one.</summary>
    public static bool HasNewerFinished(WorkingEnvironment environment, CheckIn checkIn)
    {
        var list = environment.CheckIns;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var other = list[i];
            if (other.DateAdded <= checkIn.DateAdded)
            {
                break;
            }

            if (other.Status is CheckInStatus.Ok or CheckInStatus.Error)
            {
                return true;
            }
        }

        return false;
    }
}
