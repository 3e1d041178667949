using CheckIns.Domain.Model;

namespace CheckIns.Domain.Environments;

/// <summary>
/// The turn's mutable view of one environment. The fields a turn changes are written in place and the
/// record is built once, when the turn is frozen; the check-in and incident lists are copied only when
/// the turn changes them.
/// </summary>
/// <param name="env">The environment as the turn found it.</param>
/// <param name="expectedInserts">How many check-ins the turn may add, to size the copy of the window once.</param>
internal sealed class WorkingEnvironment(MonitorEnvironment env, int expectedInserts)
{
    private CheckInBuffer? _checkIns;
    private List<Incident>? _resolved;
    private MonitorEnvironment _env = env;
    private bool _fieldsChanged;
    private EnvironmentStatus _status = env.Status;
    private DateTimeOffset? _lastCheckIn = env.LastCheckIn;
    private DateTimeOffset? _nextCheckIn = env.NextCheckIn;
    private DateTimeOffset? _nextCheckInLatest = env.NextCheckInLatest;
    private DateTimeOffset? _lastSuccessful = env.LastSuccessfulCheckIn;
    private Incident? _activeIncident = env.ActiveIncident;
    private long _incidentCount = env.IncidentCount;
    private bool _isMuted = env.IsMuted;
    private Guid? _pingUuid = env.PingUuid;
    private string _pingMethods = env.PingMethods;

    public string Id => _env.Id;

    public string Name => _env.Name;

    public bool IsMuted
    {
        get => _isMuted;
        set => Change(ref _isMuted, value);
    }

    public Guid? PingUuid
    {
        get => _pingUuid;
        set => Change(ref _pingUuid, value);
    }

    public string PingMethods
    {
        get => _pingMethods;
        set => Change(ref _pingMethods, value);
    }

    public EnvironmentStatus Status
    {
        get => _status;
        set => Change(ref _status, value);
    }

    public DateTimeOffset? LastCheckIn => _lastCheckIn;

    public DateTimeOffset? NextCheckIn => _nextCheckIn;

    public DateTimeOffset? NextCheckInLatest => _nextCheckInLatest;

    public DateTimeOffset? LastSuccessfulCheckIn
    {
        get => _lastSuccessful;
        set => Change(ref _lastSuccessful, value);
    }

    public Incident? ActiveIncident
    {
        get => _activeIncident;
        set => Change(ref _activeIncident, value);
    }

    public long IncidentCount
    {
        get => _incidentCount;
        set => Change(ref _incidentCount, value);
    }

    private void Change<T>(ref T field, T value)
    {
        field = value;
        _fieldsChanged = true;
    }

    /// <summary>Writes the expected times (R64, R66) together.</summary>
    public void SetTimes(DateTimeOffset? lastCheckIn, DateTimeOffset? next, DateTimeOffset? latest, DateTimeOffset? lastSuccessful)
    {
        _lastCheckIn = lastCheckIn;
        SetExpected(next, latest);
        _lastSuccessful = lastSuccessful;
    }

    public void SetExpected(DateTimeOffset? next, DateTimeOffset? latest)
    {
        _nextCheckIn = next;
        _nextCheckInLatest = latest;
        _fieldsChanged = true;
    }

    public IReadOnlyList<CheckIn> CheckIns => (IReadOnlyList<CheckIn>?)_checkIns ?? _env.CheckIns;

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
        if (!_fieldsChanged && _checkIns is null && _resolved is null)
        {
            return _env;
        }

        _env = _env with
        {
            Status = _status,
            IsMuted = _isMuted,
            LastCheckIn = _lastCheckIn,
            NextCheckIn = _nextCheckIn,
            NextCheckInLatest = _nextCheckInLatest,
            LastSuccessfulCheckIn = _lastSuccessful,
            ActiveIncident = _activeIncident,
            IncidentCount = _incidentCount,
            PingUuid = _pingUuid,
            PingMethods = _pingMethods,
            CheckIns = _checkIns is null ? _env.CheckIns : _checkIns.Freeze(),
            ResolvedIncidents = _resolved is null ? _env.ResolvedIncidents : _resolved.ToArray(),
        };
        _fieldsChanged = false;
        _checkIns = null;
        _resolved = null;
        return _env;
    }
}
