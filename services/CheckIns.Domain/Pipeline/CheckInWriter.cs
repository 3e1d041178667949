using CheckIns.Domain.Environments;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Payloads;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Pipeline;

/// <summary>Finding, updating and creating the check-in itself (SEMANTICS §8, §9, D1–D4, D18).</summary>
internal static class CheckInWriter
{
    /// <summary>What step 15 did: the check-in to run step 16 on, or nothing (tolerated no-op), or a rejection.</summary>
    internal readonly record struct WriteResult(CheckIn? CheckIn, Rejection? Rejection, Guid? TouchedId);

    public static WriteResult Write(
        Turn turn, WorkingEnvironment environment, Guid guid, bool useLatest, ValidatedPayload payload, DateTimeOffset at, string messageId, string? body)
    {
        int index;
        if (useLatest)
        {
            // R51: the most recent in-progress check-in of this environment; terminal ones never match.
            index = environment.IndexOfLatestInProgress();
        }
        else
        {
            // R52, Q3 fixed: the GUID is looked up in this monitor only, never across projects.
            index = environment.IndexOf(guid);
            if (index < 0)
            {
                foreach (var other in turn.Environments)
                {
                    if (!ReferenceEquals(other, environment) && other.IndexOf(guid) >= 0)
                    {
                        // R53
                        var mismatch = new ProcessingError(ProcessingErrorType.CheckInEnvironmentMismatch) { ExistingEnvironment = other.Name };
                        return new WriteResult(null, Rejection.Of(mismatch, BillingOutcomeKind.Invalid, "monitor_environment_mismatch"), null);
                    }
                }
            }
        }

        return index >= 0
            ? Update(turn, environment, index, payload, at, body)
            : Create(turn, environment, guid, payload, at, messageId, body);
    }

    /// <summary>R54, R55.</summary>
    private static WriteResult Update(Turn turn, WorkingEnvironment environment, int index, ValidatedPayload payload, DateTimeOffset at, string? body)
    {
        var existing = environment.CheckIns[index];
        var incoming = payload.Status;
        var alreadyUserComplete = existing.Status is CheckInStatus.Ok or CheckInStatus.Error;
        var durationOnly = existing.Status == CheckInStatus.Timeout && incoming is CheckInStatus.Ok or CheckInStatus.Error;

        List<ProcessingError>? errors = null;
        if (alreadyUserComplete && !durationOnly)
        {
            if (incoming == CheckInStatus.InProgress)
            {
                // R54.3, D3: a start after the finish is tolerated and only records date_in_progress.
                // Q4 fixed: mark_ok / mark_failed are not re-run, so no second occurrence for the same failure.
                if (existing.DateInProgress is null)
                {
                    environment.Replace(index, existing with { DateInProgress = at });
                    turn.MarkChanged();
                }

                return new WriteResult(null, null, existing.Id);
            }

            (errors ??= []).Add(ProcessingError.Of(ProcessingErrorType.CheckInFinished));
        }

        long duration = payload.DurationMs ?? Math.Abs((at - existing.DateAdded).Ticks / TimeSpan.TicksPerMillisecond);
        if (duration > CheckInPayload.MaxDurationMs)
        {
            (errors ??= []).Add(new ProcessingError(ProcessingErrorType.CheckInInvalidDuration)
            {
                Duration = duration.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        if (errors is not null)
        {
            // R121: these steps emit no billing outcome.
            return new WriteResult(null, new Rejection(errors, null), null);
        }

        var config = turn.Monitor!.Config;
        var inProgress = incoming == CheckInStatus.InProgress;
        DateTimeOffset? timeoutAt = null;
        if (inProgress)
        {
            // R61 on update, capped per D18.
            var bumped = Minutes.Truncate(at) + ScheduleMath.MaxRuntime(config);
            var cap = Minutes.Truncate(existing.DateAdded).AddMinutes(ScheduleMath.MaxTimeoutMinutes);
            timeoutAt = bumped < cap ? bumped : cap;
        }

        var updated = existing with
        {
            DurationMs = (int)duration,
            Status = durationOnly ? existing.Status : incoming,
            TimeoutAt = timeoutAt,
            DateUpdated = at,
            DateInProgress = inProgress ? existing.DateInProgress ?? at : existing.DateInProgress,
            TraceId = existing.TraceId ?? payload.TraceId,
            // The closing ping's output is the run's output; a closing ping without a body keeps the start's.
            Body = body ?? existing.Body,
        };
        environment.Replace(index, updated);
        turn.MarkChanged();
        return new WriteResult(updated, null, updated.Id);
    }

    /// <summary>R57–R60 with D1 (no backdating) and D2 (date_clock on the minute).</summary>
    private static WriteResult Create(Turn turn, WorkingEnvironment environment, Guid guid, ValidatedPayload payload, DateTimeOffset at, string messageId, string? body)
    {
        var config = turn.Monitor!.Config;
        var inProgress = payload.Status == CheckInStatus.InProgress;
        var minute = Minutes.Truncate(at);
        var checkIn = new CheckIn
        {
            Id = guid,
            Status = payload.Status,
            DurationMs = payload.DurationMs,
            DateAdded = at,
            DateUpdated = at,
            DateClock = minute,
            DateInProgress = inProgress ? at : null,
            ExpectedTime = environment.NextCheckIn,
            TimeoutAt = inProgress ? minute + ScheduleMath.MaxRuntime(config) : null,
            TraceId = payload.TraceId,
            MessageId = messageId,
            Body = body,
        };
        environment.Insert(checkIn, turn.CheckInBound());
        turn.MarkChanged();
        return new WriteResult(checkIn, null, checkIn.Id);
    }
}
