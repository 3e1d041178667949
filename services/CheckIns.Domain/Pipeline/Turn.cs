namespace CheckIns.Domain;

/// <summary>
/// The working copy of one monitor for one engine call. Each check-in validates before it writes, so a
/// rejected check-in leaves only what Sentry commits before the failing step (DESIGN "Two fine points").
/// </summary>
internal sealed class Turn
{
    private readonly MonitorState _original;
    private readonly List<string> _newIds = [];
    private bool _filterReady;
    private bool _changed;

    public Turn(MonitorState state, EngineOptions options)
    {
        _original = state;
        Options = options;
        Monitor = state.Monitor;
        Environments = new List<WorkingEnvironment>(state.Environments.Count);
        foreach (var environment in state.Environments)
        {
            Environments.Add(new WorkingEnvironment(environment));
        }

        Errors = [.. state.ProcessingErrors];
        RateWindows = new List<RateCounter>(state.RateWindows.Count + 1);
        foreach (var window in state.RateWindows)
        {
            RateWindows.Add(new RateCounter(window.Environment, window.Minute, window.Count));
        }
        EffectSequence = state.EffectSequence;
        LastReceivedAt = state.LastReceivedAt;
    }

    public EngineOptions Options { get; }

    public long ProjectId => _original.ProjectId;

    public string Slug => _original.Slug;

    public MonitorDefinition? Monitor { get; set; }

    public List<WorkingEnvironment> Environments { get; }

    public List<ProcessingErrorRecord> Errors { get; }

    public List<RateCounter> RateWindows { get; }

    public long EffectSequence { get; set; }

    public DateTimeOffset? LastReceivedAt { get; set; }

    public List<MonitorEffect> Effects { get; } = [];

    public List<CheckInOutcome> Outcomes { get; } = [];

    public void MarkChanged() => _changed = true;

    /// <summary>
    /// Whether the message id was applied before. A bit filter over the ids' hashes (a reused per-thread
    /// buffer) answers "new" for almost every message without scanning or allocating; a hit is confirmed
    /// by comparing the ids.
    /// </summary>
    public bool WasApplied(string messageId)
    {
        if (!_filterReady)
        {
            BuildFilter();
        }

        var hash = (uint)messageId.GetHashCode(StringComparison.Ordinal);
        if ((t_filter![(hash >> 6) & FilterMask] & (1UL << (int)(hash & 63))) == 0)
        {
            return false;
        }

        foreach (var id in _original.AppliedMessageIds)
        {
            if (string.Equals(id, messageId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var id in _newIds)
        {
            if (string.Equals(id, messageId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void RememberApplied(string messageId)
    {
        // The window is trimmed once, when the turn is frozen; within a turn every id stays visible.
        _changed = true;
        _newIds.Add(messageId);
        if (!_filterReady)
        {
            BuildFilter();
        }

        AddToFilter(messageId);
    }

    private const int FilterWords = 128;
    private const uint FilterMask = FilterWords - 1;

    [ThreadStatic]
    private static ulong[]? t_filter;

    private void BuildFilter()
    {
        t_filter ??= new ulong[FilterWords];
        Array.Clear(t_filter);
        foreach (var id in _original.AppliedMessageIds)
        {
            AddToFilter(id);
        }

        foreach (var id in _newIds)
        {
            AddToFilter(id);
        }

        _filterReady = true;
    }

    private static void AddToFilter(string id)
    {
        var hash = (uint)id.GetHashCode(StringComparison.Ordinal);
        t_filter![(hash >> 6) & FilterMask] |= 1UL << (int)(hash & 63);
    }

    private string[] FrozenAppliedIds()
    {
        var previous = _original.AppliedMessageIds;
        var total = previous.Count + _newIds.Count;
        var keep = Math.Min(total, Math.Max(0, Options.AppliedMessageIdWindow));
        var ids = new string[keep];
        var skip = total - keep;
        var at = 0;
        for (var i = skip; i < total; i++)
        {
            ids[at++] = i < previous.Count ? previous[i] : _newIds[i - previous.Count];
        }

        return ids;
    }

    public WorkingEnvironment? FindEnvironment(string name)
    {
        foreach (var environment in Environments)
        {
            if (string.Equals(environment.Name, name, StringComparison.Ordinal))
            {
                return environment;
            }
        }

        return null;
    }

    public string NextEffectId()
    {
        EffectSequence++;
        _changed = true;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ProjectId}:{Slug}:{EffectSequence}");
    }

    /// <summary>The recent check-ins bound of an environment, raised to the thresholds so they can be evaluated (R71, R78).</summary>
    public int CheckInBound()
    {
        var bound = Options.RecentCheckInsPerEnvironment;
        if (Monitor?.Config is { } config)
        {
            bound = Math.Max(bound, Math.Max(config.FailureIssueThreshold ?? 1, config.RecoveryThreshold ?? 1));
        }

        return Math.Max(1, bound);
    }

    public MonitorState Freeze()
    {
        if (!_changed)
        {
            return _original;
        }

        var environments = new MonitorEnvironment[Environments.Count];
        for (var i = 0; i < environments.Length; i++)
        {
            environments[i] = Environments[i].Freeze();
        }

        return _original with
        {
            Monitor = Monitor,
            Environments = environments,
            ProcessingErrors = Errors.ToArray(),
            AppliedMessageIds = FrozenAppliedIds(),
            RateWindows = RateWindows.ConvertAll(static c => new RateWindow(c.Environment, c.Minute, c.Count)).ToArray(),
            EffectSequence = EffectSequence,
            LastReceivedAt = LastReceivedAt,
        };
    }
}

/// <summary>A rate window while the turn counts; frozen into a <see cref="RateWindow"/>.</summary>
internal record struct RateCounter(string Environment, DateTimeOffset Minute, int Count);
