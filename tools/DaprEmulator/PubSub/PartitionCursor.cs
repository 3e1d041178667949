using Microsoft.Extensions.Logging;

namespace DaprEmulator.PubSub;

/// <summary>
/// One consumer group's position in one partition. At most one delivery is in flight per cursor, which
/// keeps order per partition key; a message waiting for a retry blocks the messages behind it, as in Kafka.
/// </summary>
internal sealed class PartitionCursor(PubSubBroker broker, ConsumerGroup group, int partition, long start)
{
    private readonly Lock _lock = new();
    private long _next = start;
    private long _committed = start;
    private List<PublishedMessage> _pending = [];
    private int _attempt;
    private bool _running;
    private bool _forceFlush;
    private Wait _wait;
    private ITimer? _timer;

    private enum Wait
    {
        None,
        Retry,
        Batch,
    }

    /// <summary>Messages published but not yet acknowledged by the group (pending retry included).</summary>
    public long Lag
    {
        get
        {
            lock (_lock)
            {
                return group.Log.Count(partition) - _next + _pending.Count;
            }
        }
    }

    /// <summary>Wakes the cursor after a publish, a member change, a release or a timer; <paramref name="flush"/> closes a partial bulk batch now.</summary>
    public void Kick(bool flush = false, bool rebalance = false)
    {
        lock (_lock)
        {
            // Only a batch already waiting is closed early; later messages batch normally.
            if (flush && group.Log.Count(partition) > _next)
            {
                _forceFlush = true;
            }

            if (rebalance && _wait == Wait.Retry)
            {
                // A member joined: like a Kafka rebalance, the pending messages go out now, not after the back-off.
                CancelTimer();
            }

            if (_running || _wait == Wait.Retry)
            {
                return;
            }

            if (_wait == Wait.Batch)
            {
                var available = group.Log.Count(partition) - _next;
                if (!_forceFlush && available < group.Subscription.MaxMessagesCount)
                {
                    return;
                }

                CancelTimer();
            }

            // Start a delivery only when there is something to deliver and someone to deliver it to.
            if ((_pending.Count == 0 && group.Log.Count(partition) <= _next)
                || group.MemberFor(partition) is null
                || broker.IsHeld(group.Log.PubsubName, group.Log.Topic))
            {
                return;
            }

            _running = true;
        }

        broker.Work.Run($"delivery {group.Log.Topic}[{partition}] to {group.AppId}", PumpAsync);
    }

    /// <summary>Everything below the first message still pending (or below the next one to read) is acknowledged.</summary>
    private void Commit()
    {
        var offset = _next;
        foreach (var m in _pending)
        {
            offset = Math.Min(offset, m.Offset);
        }

        if (offset != _committed)
        {
            _committed = offset;
            broker.CommitOffset(group.Log, group.AppId, partition, offset);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            CancelTimer();
        }

        Kick();
    }

    private void CancelTimer()
    {
        _timer?.Dispose();
        _timer = null;
        _wait = Wait.None;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            List<PublishedMessage> batch;
            Core.AppInstance member;
            var sub = group.Subscription;
            lock (_lock)
            {
                var target = broker.IsHeld(group.Log.PubsubName, group.Log.Topic) ? null : group.MemberFor(partition);
                if (target is null)
                {
                    _running = false;
                    return;
                }

                member = target;
                sub = group.SubscriptionOf(member);
                if (_pending.Count == 0)
                {
                    var available = group.Log.Count(partition) - _next;
                    if (available <= 0)
                    {
                        _forceFlush = false;
                        _running = false;
                        return;
                    }

                    if (sub.BulkEnabled && available < sub.MaxMessagesCount && !_forceFlush)
                    {
                        // Keep collecting until the batch is full or the first message has waited maxAwaitDurationMs.
                        var deadline = group.Log.At(partition, _next).PublishedAt + TimeSpan.FromMilliseconds(sub.MaxAwaitDurationMs);
                        var wait = deadline - broker.Time.GetUtcNow();
                        if (wait > TimeSpan.Zero)
                        {
                            _wait = Wait.Batch;
                            _timer = broker.Time.CreateTimer(_ => OnTimer(), null, wait, Timeout.InfiniteTimeSpan);
                            _running = false;
                            return;
                        }
                    }

                    _pending = group.Log.Read(partition, _next, sub.BulkEnabled ? sub.MaxMessagesCount : 1);
                    _next += _pending.Count;
                }

                batch = _pending;
            }

            DeliveryOutcome outcome;
            try
            {
                outcome = await broker.Delivery.DeliverAsync(member, sub, batch, CancellationToken.None);
                if (broker.Faults.ConsumeDuplicate(group.Log.PubsubName, group.Log.Topic))
                {
                    await broker.Delivery.DeliverAsync(member, sub, batch, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                // Never lose the batch or stall the partition: an unexpected failure is a retry.
                broker.Logger.LogError(ex, "Delivery of {Count} messages of {Topic}[{Partition}] to {AppId} failed unexpectedly; will retry", batch.Count, group.Log.Topic, partition, group.AppId);
                outcome = new DeliveryOutcome();
                outcome.Retry.AddRange(batch);
            }

            broker.RecordDeliveries(group, outcome.Success);
            foreach (var dropped in outcome.Drop)
            {
                broker.DeadLetter(dropped, sub, "dropped");
            }

            lock (_lock)
            {
                _pending = outcome.Retry;
                Commit();
                if (_pending.Count == 0)
                {
                    _attempt = 0;
                    continue;
                }

                _attempt++;
                var policy = group.RetryPolicy;
                if (policy is not null && !policy.Allows(_attempt) && sub.DeadLetterTopic is not null)
                {
                    foreach (var m in _pending)
                    {
                        broker.DeadLetter(m, sub, "retries exhausted");
                    }

                    _pending = [];
                    _attempt = 0;
                    Commit();
                    continue;
                }

                var delay = policy?.DelayFor(_attempt) ?? broker.RedeliveryInterval(group.Log.PubsubName);
                broker.Logger.LogDebug("Redelivering {Count} messages of {Topic}[{Partition}] to {AppId} in {Delay} (attempt {Attempt})", _pending.Count, group.Log.Topic, partition, group.AppId, delay, _attempt);
                _wait = Wait.Retry;
                _timer = broker.Time.CreateTimer(_ => OnTimer(), null, delay, Timeout.InfiniteTimeSpan);
                _running = false;
                return;
            }
        }
    }
}
