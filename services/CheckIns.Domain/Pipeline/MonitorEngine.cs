namespace CheckIns.Domain;

/// <summary>
/// The monitor rules engine: pure functions from (state, input) to (state, outcomes, effects).
/// One instance serves many monitors; it holds only options and the quota policy.
/// </summary>
public sealed class MonitorEngine
{
    private readonly EngineOptions _options;
    private readonly IQuotaPolicy _quota;

    public MonitorEngine(EngineOptions? options = null, IQuotaPolicy? quota = null)
    {
        _options = options ?? EngineOptions.Default;
        _quota = quota ?? AcceptAllQuotaPolicy.Instance;
    }

    public EngineOptions Options => _options;

    /// <summary>
    /// Applies a group of check-ins of one monitor in arrival order, each as its own transaction.
    /// <paramref name="state"/> null means no monitor (and no remembered state) yet.
    /// </summary>
    public TurnResult Apply(MonitorState? state, IReadOnlyList<CheckInInput> checkIns)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        _ = _quota;
        throw new NotImplementedException();
    }

    /// <summary>Missed and timeout detection due at <paramref name="now"/> (SEMANTICS §14).</summary>
    public TurnResult Tick(MonitorState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        throw new NotImplementedException();
    }

    /// <summary>Create or edit the monitor from the API (config per §18, name, owner, mute, status).</summary>
    public TurnResult Configure(MonitorState? state, MonitorConfigRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new NotImplementedException();
    }

    /// <summary>The earliest moment <see cref="Tick"/> has work: a next_checkin_latest or a timeout_at.</summary>
    public static DateTimeOffset? NextWakeUp(MonitorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Monitor is not { Status: MonitorStatus.Active })
        {
            return null;
        }

        DateTimeOffset? earliest = null;
        foreach (var environment in state.Environments)
        {
            if (environment.Status is EnvironmentStatus.Disabled or EnvironmentStatus.PendingDeletion or EnvironmentStatus.DeletionInProgress)
            {
                continue;
            }

            earliest = Earliest(earliest, environment.NextCheckInLatest);
            foreach (var checkIn in environment.CheckIns)
            {
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
