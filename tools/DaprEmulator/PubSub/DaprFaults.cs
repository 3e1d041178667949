namespace DaprEmulator.PubSub;

/// <summary>Fault injection for tests: failing publishes and duplicate deliveries, the way a real broker misbehaves.</summary>
public sealed class DaprFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _failPublishes = [];
    private readonly List<Rule> _duplicates = [];

    /// <summary>The next <paramref name="count"/> publishes (matching pubsub/topic when given) fail as if the broker were down.</summary>
    public void FailNextPublishes(int count, string? pubsubName = null, string? topic = null)
    {
        lock (_lock)
        {
            _failPublishes.Add(new Rule(pubsubName, topic, count));
        }
    }

    /// <summary>The next <paramref name="count"/> deliveries (a message, or a bulk batch) on a matching topic reach the subscriber twice.</summary>
    public void DeliverTwice(string? pubsubName = null, string? topic = null, int count = 1)
    {
        lock (_lock)
        {
            _duplicates.Add(new Rule(pubsubName, topic, count));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _failPublishes.Clear();
            _duplicates.Clear();
        }
    }

    internal bool ConsumePublishFailure(string pubsubName, string topic) => Consume(_failPublishes, pubsubName, topic);

    internal bool ConsumeDuplicate(string pubsubName, string topic) => Consume(_duplicates, pubsubName, topic);

    private bool Consume(List<Rule> rules, string pubsubName, string topic)
    {
        lock (_lock)
        {
            var rule = rules.FirstOrDefault(r => (r.PubsubName is null || r.PubsubName == pubsubName) && (r.Topic is null || r.Topic == topic));
            if (rule is null)
            {
                return false;
            }

            if (--rule.Remaining <= 0)
            {
                rules.Remove(rule);
            }

            return true;
        }
    }

    private sealed class Rule(string? pubsubName, string? topic, int count)
    {
        public string? PubsubName { get; } = pubsubName;

        public string? Topic { get; } = topic;

        public int Remaining { get; set; } = count;
    }
}
