namespace DaprEmulator.State;

/// <summary>
/// Fault injection for tests: a state store that refuses transactions, the way a store daprd talks to fails
/// (connection lost, timeout). The refused transaction writes nothing; an actor whose turn saves through it gets
/// an error from its state transaction, so its method fails and the actor call errors.
/// </summary>
public sealed class StateFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _failTransactions = [];

    // Read without the lock, so a transaction pays nothing while no fault is set (every actor turn passes here).
    private volatile int _rules;

    /// <summary>
    /// The next <paramref name="count"/> transactions that write a key starting with <paramref name="keyPrefix"/>
    /// (any transaction when null) fail. Keys are the stored ones, e.g. <c>{appId}||{actorType}||{actorId}||</c>
    /// for an actor's state.
    /// </summary>
    public void FailNextTransactions(int count, string? keyPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _failTransactions.Add(new Rule(keyPrefix, count));
            _rules = _failTransactions.Count;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _failTransactions.Clear();
            _rules = 0;
        }
    }

    internal bool ConsumeTransactionFailure(IReadOnlyList<StateOperation> operations)
    {
        if (_rules == 0)
        {
            return false;
        }

        lock (_lock)
        {
            var rule = _failTransactions.FirstOrDefault(r =>
                r.KeyPrefix is null || operations.Any(op => op.Key.StartsWith(r.KeyPrefix, StringComparison.Ordinal)));
            if (rule is null)
            {
                return false;
            }

            if (--rule.Remaining <= 0)
            {
                _failTransactions.Remove(rule);
                _rules = _failTransactions.Count;
            }

            return true;
        }
    }

    private sealed class Rule(string? keyPrefix, int count)
    {
        public string? KeyPrefix { get; } = keyPrefix;

        public int Remaining { get; set; } = count;
    }
}
