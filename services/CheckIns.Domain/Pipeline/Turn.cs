namespace CheckIns.Domain;

/// <summary>
/// The working copy of one monitor for one engine call. Each check-in validates before it writes, so a
/// rejected check-in leaves only what Sentry commits before the failing step (DESIGN "Two fine points").
/// </summary>
internal sealed class Turn
{
    private readonly MonitorState _original;
    private readonly List<string> _appliedIds;
    private HashSet<string>? _appliedSet;
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

        _appliedIds = [.. state.AppliedMessageIds];
        Errors = [.. state.ProcessingErrors];
        RateWindows = [.. state.RateWindows];
        EffectSequence = state.EffectSequence;
        LastReceivedAt = state.LastReceivedAt;
    }

    public EngineOptions Options { get; }

    public long ProjectId => _original.ProjectId;

    public string Slug => _original.Slug;

    public MonitorDefinition? Monitor { get; set; }

    public List<WorkingEnvironment> Environments { get; }

    public List<ProcessingErrorRecord> Errors { get; }

    public List<RateWindow> RateWindows { get; }

    public long EffectSequence { get; set; }

    public DateTimeOffset? LastReceivedAt { get; set; }

    public List<MonitorEffect> Effects { get; } = [];

    public List<CheckInOutcome> Outcomes { get; } = [];

    public void MarkChanged() => _changed = true;

    public bool WasApplied(string messageId)
    {
        if (_appliedSet is null && _appliedIds.Count > 16)
        {
            _appliedSet = new HashSet<string>(_appliedIds, StringComparer.Ordinal);
        }

        if (_appliedSet is not null)
        {
            return _appliedSet.Contains(messageId);
        }

        foreach (var id in _appliedIds)
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
        _changed = true;
        _appliedIds.Add(messageId);
        _appliedSet?.Add(messageId);
        var excess = _appliedIds.Count - Options.AppliedMessageIdWindow;
        if (excess > 0)
        {
            if (_appliedSet is not null)
            {
                for (var i = 0; i < excess; i++)
                {
                    _appliedSet.Remove(_appliedIds[i]);
                }
            }

            _appliedIds.RemoveRange(0, excess);
        }
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
            AppliedMessageIds = _appliedIds.ToArray(),
            RateWindows = RateWindows.ToArray(),
            EffectSequence = EffectSequence,
            LastReceivedAt = LastReceivedAt,
        };
    }
}
