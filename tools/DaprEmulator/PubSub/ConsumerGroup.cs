using DaprEmulator.Core;
using DaprEmulator.Resources;

namespace DaprEmulator.PubSub;

/// <summary>
/// All instances of one app id subscribed to one topic: each message goes to one of them (competing
/// consumers), and every other app id has its own group (fan-out). Partition p belongs to member p mod n.
/// </summary>
internal sealed class ConsumerGroup
{
    private readonly Lock _lock = new();
    private readonly List<AppInstance> _members = [];

    public ConsumerGroup(PubSubBroker broker, TopicLog log, string appId, SubscriptionInfo subscription, bool fromOldest)
    {
        Log = log;
        AppId = appId;
        Subscription = subscription;
        Cursors = Enumerable.Range(0, log.PartitionCount)
            .Select(p => new PartitionCursor(broker, this, p, broker.StartOffset(log, appId, p, fromOldest)))
            .ToArray();
    }

    public TopicLog Log { get; }

    public string AppId { get; }

    public SubscriptionInfo Subscription { get; private set; }

    public RetryPolicySpec? RetryPolicy { get; private set; }

    public PartitionCursor[] Cursors { get; }

    public bool HasMembers
    {
        get
        {
            lock (_lock)
            {
                return _members.Count > 0;
            }
        }
    }

    public void Join(AppInstance member, SubscriptionInfo subscription, RetryPolicySpec? retry)
    {
        lock (_lock)
        {
            Subscription = subscription;
            RetryPolicy = retry;
            if (!_members.Contains(member))
            {
                _members.Add(member);
                _members.Sort((a, b) => a.InstanceId.CompareTo(b.InstanceId));
            }
        }

        foreach (var cursor in Cursors)
        {
            cursor.Kick(rebalance: true);
        }
    }

    public void Leave(AppInstance member)
    {
        lock (_lock)
        {
            _members.Remove(member);
        }

        KickAll();
    }

    public AppInstance? MemberFor(int partition)
    {
        lock (_lock)
        {
            return _members.Count == 0 ? null : _members[partition % _members.Count];
        }
    }

    /// <summary>The member's own subscription (replicas may be different builds with different routes).</summary>
    public SubscriptionInfo SubscriptionOf(AppInstance member) =>
        member.Subscriptions.FirstOrDefault(s => s.PubsubName == Log.PubsubName && s.Topic == Log.Topic) ?? Subscription;

    public void KickAll(bool flush = false)
    {
        foreach (var cursor in Cursors)
        {
            cursor.Kick(flush);
        }
    }
}
