using CheckIns.Domain.Effects;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Incidents;
using CheckIns.Domain.Model;
using CheckIns.Domain.RateLimits;

namespace CheckIns.Domain.Turns;

/// <summary>
/// The working copy of one monitor for one engine call. Each check-in validates before it writes, so a
/// rejected check-in leaves only what Sentry commits before the failing step (DESIGN "Two fine points").
/// </summary>
internal sealed class Turn
{
    private readonly MonitorState _original;
    private readonly AppliedIds _applied;
    private List<ProcessingErrorRecord>? _errors;
    private List<MonitorEffect>? _effects;
    private bool _changed;

    /// <param name="state">The state the turn starts from; never changed.</param>
    /// <param name="options">The engine's options.</param>
    /// <param name="inputs">How many check-ins the turn applies, to size its lists once.</param>
    public Turn(MonitorState state, EngineOptions options, int inputs = 0)
    {
        _original = state;
        Options = options;
        Inputs = inputs;
        Monitor = state.Monitor;
        _applied = new AppliedIds(state.AppliedMessageIds, inputs);
        Outcomes = new List<CheckInOutcome>(inputs);

        // Indexed loops: the state's lists are interfaces, and foreach over one allocates an enumerator.
        var environments = state.Environments;
        Environments = new List<WorkingEnvironment>(environments.Count);
        for (var i = 0; i < environments.Count; i++)
        {
            Environments.Add(new WorkingEnvironment(environments[i], inputs));
        }

        var windows = state.RateWindows;
        RateWindows = new List<RateCounter>(Math.Max(1, windows.Count));
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            RateWindows.Add(new RateCounter(window.Environment, window.Minute, window.Count, window));
        }

        EffectSequence = state.EffectSequence;
        LastReceivedAt = state.LastReceivedAt;
    }

    public EngineOptions Options { get; }

    public long ProjectId => _original.ProjectId;

    public string Slug => _original.Slug;

    public MonitorDefinition? Monitor { get; set; }

    public List<WorkingEnvironment> Environments { get; }

    /// <summary>How many check-ins the turn applies (0 for a tick).</summary>
    public int Inputs { get; }

    /// <summary>The processing errors as the turn sees them; copied only when the turn changes them.</summary>
    public IReadOnlyList<ProcessingErrorRecord> Errors => _errors ?? _original.ProcessingErrors;

    public List<ProcessingErrorRecord> MutableErrors => _errors ??= [.. _original.ProcessingErrors];

    public List<RateCounter> RateWindows { get; }

    public long EffectSequence { get; set; }

    public DateTimeOffset? LastReceivedAt { get; set; }

    /// <summary>The effects emitted so far; the list exists only once there is one.</summary>
    public IReadOnlyList<MonitorEffect> Effects => _effects ?? (IReadOnlyList<MonitorEffect>)[];

    public List<CheckInOutcome> Outcomes { get; }

    public void AddEffect(MonitorEffect effect) => (_effects ??= []).Add(effect);

    public void MarkChanged() => _changed = true;

    /// <summary>Remembers the message id; false when it was applied before, in an earlier turn or in this one.</summary>
    public bool TryRemember(string messageId)
    {
        if (_applied.Contains(messageId))
        {
            return false;
        }

        _changed = true;
        _applied.Add(messageId);
        return true;
    }

    /// <summary>The counters as windows; a counter the turn did not change keeps its window instance.</summary>
    private RateWindow[] FrozenRateWindows()
    {
        if (RateWindows.Count == 0)
        {
            return [];
        }

        var windows = new RateWindow[RateWindows.Count];
        for (var i = 0; i < windows.Length; i++)
        {
            var counter = RateWindows[i];
            windows[i] = counter.Frozen ?? new RateWindow(counter.Environment, counter.Minute, counter.Count);
        }

        return windows;
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
            bound = Math.Max(bound, Math.Max(Thresholds.Failure(config), Thresholds.Recovery(config)));
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
            ProcessingErrors = _errors is null ? _original.ProcessingErrors : _errors.ToArray(),
            AppliedMessageIds = _applied.Freeze(Options.AppliedMessageIdWindow),
            RateWindows = FrozenRateWindows(),
            EffectSequence = EffectSequence,
            LastReceivedAt = LastReceivedAt,
        };
    }
}
