namespace CheckIns.Domain;

/// <summary>
/// The turn's mutable view of one environment. The scalar fields live in <see cref="Env"/> (updated with
/// <c>with</c>); the check-in and incident lists are copied only when the turn changes them.
/// </summary>
internal sealed class WorkingEnvironment(MonitorEnvironment env)
{
    private List<CheckIn>? _checkIns;
    private List<Incident>? _resolved;

    public MonitorEnvironment Env { get; set; } = env;

    public IReadOnlyList<CheckIn> CheckIns => _checkIns ?? Env.CheckIns;

    public string Name => Env.Name;

    private List<CheckIn> MutableCheckIns => _checkIns ??= [.. Env.CheckIns];

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
        _resolved ??= [.. Env.ResolvedIncidents];
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
