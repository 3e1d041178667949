namespace CheckIns.Domain;

/// <summary>
/// The turn's mutable view of one environment. The fields live in <see cref="Env"/> (updated with
/// <c>with</c>), except the expected times, which the hot path (mark_ok) writes in place and which are
/// folded into the record when it is next read; the check-in and incident lists are copied only when
/// the turn changes them.
/// </summary>
/// <param name="env">The environment as the turn found it.</param>
/// <param name="expectedInserts">How many check-ins the turn may add, to size the copy of the window once.</param>
internal sealed class WorkingEnvironment(MonitorEnvironment env, int expectedInserts)
{
    private CheckInBuffer? _checkIns;
    private List<Incident>? _resolved;
    private MonitorEnvironment _env = env;
    private bool _timesPending;
    private DateTimeOffset? _lastCheckIn;
    private DateTimeOffset? _nextCheckIn;
    private DateTimeOffset? _nextCheckInLatest;
    private DateTimeOffset? _lastSuccessful;

    public MonitorEnvironment Env
    {
        get
        {
            if (_timesPending)
            {
                _env = _env with
                {
                    LastCheckIn = _lastCheckIn,
                    NextCheckIn = _nextCheckIn,
                    NextCheckInLatest = _nextCheckInLatest,
                    LastSuccessfulCheckIn = _lastSuccessful,
                };
                _timesPending = false;
            }

            return _env;
        }

        set
        {
            _env = value;
            _timesPending = false;
        }
    }

    public DateTimeOffset? LastCheckIn => _timesPending ? _lastCheckIn : _env.LastCheckIn;

    public DateTimeOffset? NextCheckIn => _timesPending ? _nextCheckIn : _env.NextCheckIn;

    public DateTimeOffset? LastSuccessfulCheckIn => _timesPending ? _lastSuccessful : _env.LastSuccessfulCheckIn;

    public EnvironmentStatus Status => _env.Status;

    /// <summary>Writes the expected times without building a record per check-in.</summary>
    public void SetTimes(DateTimeOffset? lastCheckIn, DateTimeOffset? next, DateTimeOffset? latest, DateTimeOffset? lastSuccessful)
    {
        _lastCheckIn = lastCheckIn;
        _nextCheckIn = next;
        _nextCheckInLatest = latest;
        _lastSuccessful = lastSuccessful;
        _timesPending = true;
    }

    public IReadOnlyList<CheckIn> CheckIns => (IReadOnlyList<CheckIn>?)_checkIns ?? _env.CheckIns;

    public string Name => _env.Name;

    private CheckInBuffer MutableCheckIns(int capacity) => _checkIns ??= new CheckInBuffer(_env.CheckIns, capacity);

    public int IndexOf(Guid id)
    {
        var list = CheckIns;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>R51: the most recent in-progress check-in by date_added.</summary>
    public int IndexOfLatestInProgress()
    {
        var list = CheckIns;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Status == CheckInStatus.InProgress)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Replaces a check-in, keeping the list ordered by date_added (date_added never changes on update).</summary>
    public void Replace(int index, CheckIn checkIn) => MutableCheckIns(_env.CheckIns.Count).Replace(index, checkIn);

    /// <summary>Inserts in date_added order (after equal ones) and trims the window to <paramref name="bound"/>.</summary>
    public void Insert(CheckIn checkIn, int bound)
    {
        // Room for the turn's inserts up to the bound; a full window stays exactly full, so freezing copies nothing.
        var count = CheckIns.Count;
        MutableCheckIns(count >= bound ? count : Math.Min(bound, count + Math.Max(1, expectedInserts))).Insert(checkIn, bound);
    }

    public void AddResolved(Incident incident, int bound)
    {
        _resolved ??= [.. _env.ResolvedIncidents];
        _resolved.Add(incident);
        if (_resolved.Count > bound)
        {
            _resolved.RemoveAt(0);
        }
    }

    /// <summary>The environment as one record; the turn's copies are handed over, so the view reads the record afterwards.</summary>
    public MonitorEnvironment Freeze()
    {
        if (!_timesPending && _checkIns is null && _resolved is null)
        {
            return _env;
        }

        _env = _env with
        {
            LastCheckIn = LastCheckIn,
            NextCheckIn = NextCheckIn,
            NextCheckInLatest = _timesPending ? _nextCheckInLatest : _env.NextCheckInLatest,
            LastSuccessfulCheckIn = LastSuccessfulCheckIn,
            CheckIns = _checkIns is null ? _env.CheckIns : _checkIns.Freeze(),
            ResolvedIncidents = _resolved is null ? _env.ResolvedIncidents : _resolved.ToArray(),
        };
        _timesPending = false;
        _checkIns = null;
        _resolved = null;
        return _env;
    }
}
