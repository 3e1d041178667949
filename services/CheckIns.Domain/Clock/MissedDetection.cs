using CheckIns.Contracts;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Incidents;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Clock;

/// <summary>
/// SEMANTICS R91, R92: an environment whose next_checkin_latest has passed gets one MISSED check-in at
/// the expected slot; the next expected time is computed from the most recent slot before the tick, so
/// skipped slots collapse into one miss (Q11, kept). Muted environments are not skipped (D20). Inside a system outage
/// (R100) the miss is recorded as UNKNOWN and fails nothing: the schedule moves on, the status and incidents stay.
/// </summary>
internal static class MissedDetection
{
    public static void Run(Turn turn, WorkingEnvironment environment, DateTimeOffset tick, bool abnormal = false)
    {
        if (environment.NextCheckInLatest is not { } latest || latest > tick || environment.NextCheckIn is not { } expected)
        {
            return;
        }

        var config = turn.Monitor!.Config;
        var missed = new CheckIn
        {
            Id = DeterministicIds.MissedCheckIn(environment.Id, expected),
            Status = abnormal ? CheckInStatus.Unknown : CheckInStatus.Missed,
            DateAdded = expected,
            DateUpdated = expected,
            DateClock = tick,
            ExpectedTime = expected,
        };
        if (environment.IndexOf(missed.Id) < 0)
        {
            environment.Insert(missed, turn.CheckInBound());
        }

        turn.MarkChanged();
        var failedAt = ScheduleMath.Previous(config, expected, tick);
        if (abnormal)
        {
            // As mark_failed would for a miss (R69: last_checkin unchanged), without the failure.
            var (nextExpected, nextExpectedLatest) = ScheduleMath.Expected(config, failedAt);
            environment.SetExpected(nextExpected, nextExpectedLatest);
        }
        else
        {
            MarkFailed.Run(turn, environment, missed, failedAt, latest);
        }

        if (environment.NextCheckInLatest is { } stillDue && stillDue <= tick)
        {
            // Only a schedule whose previous slot is out of step with its next one gets here; never stay due forever.
            var (next, nextLatest) = ScheduleMath.Expected(config, tick);
            environment.SetExpected(next, nextLatest);
        }
    }
}
