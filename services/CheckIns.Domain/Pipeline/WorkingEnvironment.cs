namespace CheckIns.Domain;

/// <summary>
/// The turn's mutable view of one environment. The fields live in <see cref="Env"/> (updated with
/// <c>with</c>), except the expected times, which the hot path (mark_ok) writes in place and which are
/// folded into the record when it is next read; the check-in and incident lists are copied only when
/// the turn changes them.
/// </summary>
internal sealed class WorkingEnvironment(MonitorEnvironment env)
{
    private List<CheckIn>? _checkIns;
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

    public IReadOnlyList<CheckIn> CheckIns => _checkIns ?? _env.CheckIns;

    public string Name => _env.Name;

    private List<CheckIn> MutableCheckIns => _checkIns ??= [.. _env.CheckIns];

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
    public void Replace(int index, CheckIn checkIn) => MutableCheckIns[index] = checkIn;

    /// <summary>Inserts in date_added order (after equal ones) and trims the window to <paramref name="bound"/>.</summary>
    public void Insert(CheckIn checkIn, int bound)
    {
        var list = MutableCheckIns;
        var index = list.Count;
        while (index > 0 && list[index - 1].DateAdded > checkIn.DateAdded)
        {
            index--;
        }

        list.Insert(index, checkIn);
        while (list.Count > bound)
        {
            list.RemoveAt(OldestDroppable(list));
        }
    }

    /// <summary>A running check-in must stay to be timed out; drop the oldest finished one first.</summary>
    private static int OldestDroppable(List<CheckIn> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Status != CheckInStatus.InProgress)
            {
                return i;
            }
        }

        return 0;
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

    public MonitorEnvironment Freeze()
    {
        var env = Env;
        if (_checkIns is not null)
        {
            env = env with { CheckIns = _checkIns.ToArray() };
        }

        if (_resolved is not null)
        {
            env = env with { ResolvedIncidents = _resolved.ToArray() };
        }

        return env;
    }
}
