using CheckIns.Domain.Clock;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Pipeline;
using CheckIns.Domain.Quota;
using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain;

/// <summary>
/// The monitor rules engine: pure functions from (state, input) to (state, outcomes, effects).
/// One instance serves many monitors; it holds only options and the quota policy.
/// </summary>
public sealed class MonitorEngine
{
    private readonly EngineOptions _options;
    private readonly IQuotaPolicy _quota;
    private readonly CheckInPipeline _pipeline;

    public MonitorEngine(EngineOptions? options = null, IQuotaPolicy? quota = null)
    {
        _options = options ?? EngineOptions.Default;
        _quota = quota is null or AcceptAllQuotaPolicy ? AcceptAllQuotaPolicy.Instance : new GuardedQuotaPolicy(quota);
        _pipeline = new CheckInPipeline(_options, _quota);
    }

    public EngineOptions Options => _options;

    /// <summary>
    /// Applies a group of check-ins of one monitor in arrival order, each as its own transaction.
    /// <paramref name="state"/> null means no monitor (and no remembered state) yet. Every input must
    /// name the state's project and slug.
    /// </summary>
    public TurnResult Apply(MonitorState? state, IReadOnlyList<CheckInInput> checkIns)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        if (checkIns.Count == 0)
        {
            return new TurnResult(state, [], []);
        }

        var initial = state ?? MonitorState.Empty(checkIns[0].ProjectId, checkIns[0].MonitorSlug);
        for (var i = 0; i < checkIns.Count; i++)
        {
            var input = checkIns[i];
            ArgumentNullException.ThrowIfNull(input);
            if (input.ProjectId != initial.ProjectId || !string.Equals(input.MonitorSlug, initial.Slug, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Check-in {input.MessageId} belongs to {input.ProjectId}:{input.MonitorSlug}, not {initial.ProjectId}:{initial.Slug}.", nameof(checkIns));
            }
        }

        HashSet<int>? poisoned = null;
        while (true)
        {
            var turn = new Turn(initial, _options, checkIns.Count);
            var failedAt = -1;
            for (var i = 0; i < checkIns.Count; i++)
            {
                var input = checkIns[i];

                // At-least-once delivery: a message id seen before, applied or rejected, changes nothing.
                if (!turn.TryRemember(input.MessageId))
                {
                    turn.Outcomes.Add(new CheckInOutcome(input.MessageId, CheckInOutcomeKind.Duplicate, null));
                    continue;
                }

                if (poisoned is not null && poisoned.Contains(i))
                {
                    Poison(turn, input);
                    continue;
                }

                try
                {
                    _pipeline.Process(turn, input);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OverflowException or FormatException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException)
                {
                    // R42 safety net: a check-in that breaks the rules engine must not block the monitor.
                    // The turn restarts from the input state without it, so nothing it half-wrote survives.
                    failedAt = i;
                    break;
                }
            }

            if (failedAt < 0)
            {
                return new TurnResult(turn.Freeze(), turn.Outcomes, turn.Effects);
            }

            (poisoned ??= []).Add(failedAt);
        }
    }

    private static void Poison(Turn turn, CheckInInput input)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["non_field_errors"] = ["The check-in could not be processed."],
        };
        var record = ErrorLog.Record(turn, input, [ProcessingError.WithErrors(ProcessingErrorType.CheckInValidationFailed, errors)]);
        turn.Outcomes.Add(new CheckInOutcome(input.MessageId, CheckInOutcomeKind.Rejected, record));
    }

    /// <summary>
    /// Missed and timeout detection due at <paramref name="now"/> (SEMANTICS §14), on the minute like Sentry's clock (R88).
    /// <paramref name="abnormal"/>: the deadlines fell inside a system outage (R100, R95): misses are recorded as UNKNOWN
    /// and running check-ins past their timeout become UNKNOWN, without failing the environment.
    /// </summary>
    public TurnResult Tick(MonitorState state, DateTimeOffset now, bool abnormal = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Monitor is not { Status: MonitorStatus.Active, Type: MonitorType.CronJob })
        {
            return new TurnResult(state, [], []);
        }

        var tick = Minutes.Truncate(now);
        var turn = new Turn(state, _options);
        foreach (var environment in turn.Environments)
        {
            if (environment.Status is EnvironmentStatus.Disabled or EnvironmentStatus.PendingDeletion or EnvironmentStatus.DeletionInProgress)
            {
                continue;
            }

            // R90: missed detection first, then timeouts.
            MissedDetection.Run(turn, environment, tick, abnormal);
            TimeoutDetection.Run(turn, environment, tick, abnormal);
        }

        return new TurnResult(turn.Freeze(), [], turn.Effects);
    }

    /// <summary>
    /// The timeout of one in-progress check-in (SEMANTICS R93, R94, D17), for the durable wait that watches it.
    /// The stale-timeout guard: nothing changes unless the check-in is still in progress and its timeout_at has
    /// passed at <paramref name="now"/>; a check-in whose timeout a heartbeat moved later answers that later time.
    /// <paramref name="abnormal"/>: the timeout fell inside a system outage: the check-in becomes UNKNOWN (R95).
    /// </summary>
    public TimeoutResult TimeOut(MonitorState state, string environmentName, Guid checkInId, DateTimeOffset now, bool abnormal = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(environmentName);
        var unchanged = new TurnResult(state, [], []);
        if (state.Monitor is not { Status: MonitorStatus.Active, Type: MonitorType.CronJob })
        {
            return new TimeoutResult(unchanged, TimeoutVerdict.NotWatched, null);
        }

        var turn = new Turn(state, _options);
        var environment = turn.FindEnvironment(environmentName);
        if (environment is null || environment.Status is EnvironmentStatus.Disabled or EnvironmentStatus.PendingDeletion or EnvironmentStatus.DeletionInProgress)
        {
            return new TimeoutResult(unchanged, TimeoutVerdict.NotWatched, null);
        }

        var index = environment.IndexOf(checkInId);
        if (index < 0 || environment.CheckIns[index] is not { Status: CheckInStatus.InProgress, TimeoutAt: { } timeoutAt })
        {
            return new TimeoutResult(unchanged, TimeoutVerdict.Finished, null);
        }

        if (timeoutAt > now)
        {
            return new TimeoutResult(unchanged, TimeoutVerdict.StillRunning, timeoutAt);
        }

        TimeoutDetection.TimeOut(turn, environment, index, timeoutAt, Minutes.Truncate(now), turn.Monitor!.Config, abnormal);
        return new TimeoutResult(new TurnResult(turn.Freeze(), [], turn.Effects), TimeoutVerdict.TimedOut, null);
    }

    /// <summary>Create or edit the monitor from the API (config per §18, name, owner, mute, status); invalid → <see cref="TurnResult.ConfigError"/>, state unchanged.</summary>
    public TurnResult Configure(MonitorState? state, MonitorConfigRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var initial = state ?? MonitorState.Empty(request.ProjectId, request.Slug);
        if (request.ProjectId != initial.ProjectId || !string.Equals(request.Slug, initial.Slug, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The request names {request.ProjectId}:{request.Slug}, not {initial.ProjectId}:{initial.Slug}.", nameof(request));
        }

        var result = Configurator.Run(initial, request, now, _options, _quota);
        return result.ConfigError is null ? result : result with { State = state };
    }

    /// <summary>
    /// Mute or disable one environment from the API (D16, R2); a missing monitor (MONITOR_NOT_FOUND), environment
    /// (MONITOR_INVALID_ENVIRONMENT) or an invalid status → <see cref="TurnResult.ConfigError"/>, state unchanged.
    /// </summary>
    public TurnResult ConfigureEnvironment(MonitorState? state, EnvironmentConfigRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var initial = state ?? MonitorState.Empty(request.ProjectId, request.Slug);
        if (request.ProjectId != initial.ProjectId || !string.Equals(request.Slug, initial.Slug, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The request names {request.ProjectId}:{request.Slug}, not {initial.ProjectId}:{initial.Slug}.", nameof(request));
        }

        var result = EnvironmentConfigurator.Run(initial, request, now, _options);
        return result.ConfigError is null ? result : result with { State = state };
    }

    /// <summary>
    /// The earliest next_checkin_latest of an enabled monitor: when missed detection has work. Timeouts are not
    /// included: each running check-in with a max runtime has its own durable wait that calls <see cref="TimeOut"/>.
    /// </summary>
    public static DateTimeOffset? NextMissedDeadline(MonitorState state) => Earliest(state, timeouts: false);

    /// <summary>The earliest moment <see cref="Tick"/> has work: a next_checkin_latest or a timeout_at.</summary>
    public static DateTimeOffset? NextWakeUp(MonitorState state) => Earliest(state, timeouts: true);

    private static DateTimeOffset? Earliest(MonitorState state, bool timeouts)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Monitor is not { Status: MonitorStatus.Active })
        {
            return null;
        }

        DateTimeOffset? earliest = null;
        var environments = state.Environments;
        for (var e = 0; e < environments.Count; e++)
        {
            var environment = environments[e];
            if (environment.Status is EnvironmentStatus.Disabled or EnvironmentStatus.PendingDeletion or EnvironmentStatus.DeletionInProgress)
            {
                continue;
            }

            earliest = Earliest(earliest, environment.NextCheckInLatest);
            if (!timeouts)
            {
                continue;
            }

            var checkIns = environment.CheckIns;
            for (var i = 0; i < checkIns.Count; i++)
            {
                var checkIn = checkIns[i];
                if (checkIn.Status == CheckInStatus.InProgress)
                {
                    earliest = Earliest(earliest, checkIn.TimeoutAt);
                }
            }
        }

        return earliest;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a.Value <= b.Value ? a : b);
}
