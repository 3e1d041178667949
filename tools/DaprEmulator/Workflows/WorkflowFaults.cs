namespace DaprEmulator.Workflows;

/// <summary>Fault injection for tests, the way a sidecar connection misbehaves.</summary>
public sealed class WorkflowFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _lostCompletions = [];

    /// <summary>
    /// The next <paramref name="count"/> activity completions (of <paramref name="activityName"/> when given)
    /// are lost: the worker's call fails (UNAVAILABLE) and the activity is dispatched again, as daprd does
    /// when it does not receive the result (at-least-once).
    /// </summary>
    public void FailNextActivityCompletions(int count, string? activityName = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _lostCompletions.Add(new Rule(activityName, count));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _lostCompletions.Clear();
        }
    }

    internal bool ConsumeActivityCompletionFailure(string activityName)
    {
        lock (_lock)
        {
            var rule = _lostCompletions.FirstOrDefault(r => r.ActivityName is null || r.ActivityName == activityName);
            if (rule is null)
            {
                return false;
            }

            if (--rule.Remaining <= 0)
            {
                _lostCompletions.Remove(rule);
            }

            return true;
        }
    }

    private sealed class Rule(string? activityName, int count)
    {
        public string? ActivityName { get; } = activityName;

        public int Remaining { get; set; } = count;
    }
}
