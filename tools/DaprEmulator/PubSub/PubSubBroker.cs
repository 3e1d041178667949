using System.Collections.Concurrent;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.PubSub;

/// <summary>
/// The message broker behind every pub/sub component of the cluster. In memory by default; with a
/// <see cref="DurableStore"/> (the local run) a publish is acknowledged only once its messages are on disk,
/// consumer groups keep their committed offsets there, and both are restored when the emulator starts again.
/// </summary>
public sealed class PubSubBroker
{
    private const string OffsetsNamespace = "pubsub/offsets";
    private const char KeySeparator = '\u001f';

    private readonly ConcurrentDictionary<(string Pubsub, string Topic), TopicLog> _logs = new();
    private readonly ConcurrentDictionary<(string Pubsub, string Topic, string AppId), ConsumerGroup> _groups = new();
    private readonly ConcurrentDictionary<(string Pubsub, string Topic), List<PublishedMessage>> _published = new();
    private readonly ConcurrentDictionary<string, ComponentResource> _components = new();
    private readonly HashSet<(string? Pubsub, string Topic)> _held = [];
    private readonly Lock _heldLock = new();
    private readonly int _partitions;
    private readonly TimeSpan _defaultRedelivery;
    private readonly DurableStore? _disk;
    private readonly Dictionary<(string Pubsub, string Topic, string AppId, int Partition), long> _storedOffsets = [];
    private long _delivered;

    internal PubSubBroker(TimeProvider time, WorkTracker work, AppChannel channel, DaprFaults faults, ILogger logger, int partitions, TimeSpan defaultRedelivery, DurableStore? disk = null)
    {
        Time = time;
        Work = work;
        Faults = faults;
        Logger = logger;
        _partitions = partitions;
        _defaultRedelivery = defaultRedelivery;
        _disk = disk;
        Delivery = new AppDelivery(channel, logger);
        if (disk is not null)
        {
            Restore(disk);
        }
    }

    public DaprFaults Faults { get; }

    /// <summary>Messages the subscribers acknowledged (SUCCESS), over all groups.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    internal TimeProvider Time { get; }

    internal WorkTracker Work { get; }

    internal ILogger Logger { get; }

    internal AppDelivery Delivery { get; }

    /// <summary>Every message published to the topic (dead letters included, on their topic), in publish order.</summary>
    public IReadOnlyList<PublishedMessage> Published(string pubsubName, string topic)
    {
        if (!_published.TryGetValue((pubsubName, topic), out var list))
        {
            return [];
        }

        lock (list)
        {
            return list.ToList();
        }
    }

    /// <summary>Messages published to the topic that some subscribed group has not acknowledged yet.</summary>
    public long Lag(string pubsubName, string topic) =>
        _groups.Where(g => g.Key.Pubsub == pubsubName && g.Key.Topic == topic)
            .Sum(g => g.Value.Cursors.Sum(c => c.Lag));

    public void HoldDelivery(string topic, string? pubsubName = null)
    {
        lock (_heldLock)
        {
            _held.Add((pubsubName, topic));
        }
    }

    public void ReleaseDelivery(string topic, string? pubsubName = null)
    {
        lock (_heldLock)
        {
            _held.Remove((pubsubName, topic));
        }

        foreach (var group in _groups.Values.Where(g => g.Log.Topic == topic && (pubsubName is null || g.Log.PubsubName == pubsubName)))
        {
            group.KickAll();
        }
    }

    internal bool IsHeld(string pubsubName, string topic)
    {
        lock (_heldLock)
        {
            return _held.Contains((null, topic)) || _held.Contains((pubsubName, topic));
        }
    }

    /// <summary>Closes every partial bulk batch now, as if its maxAwaitDurationMs had elapsed.</summary>
    public void FlushBatches()
    {
        foreach (var group in _groups.Values)
        {
            group.KickAll(flush: true);
        }
    }

    /// <summary>
    /// Publishes as the app's sidecar would, refusing what daprd refuses (undeclared, out of scope or forbidden pub/sub).
    /// Completes once the message is stored (on disk with a durable broker).
    /// </summary>
    public async Task<PublishedMessage> PublishAsync(
        string publisherAppId,
        ResourceSet resources,
        string pubsubName,
        string topic,
        byte[] data,
        string? contentType,
        IReadOnlyDictionary<string, string> metadata)
    {
        var message = Prepare(publisherAppId, resources, pubsubName, topic, data, contentType, metadata);
        await AppendAsync([message]);
        return message;
    }

    /// <summary>
    /// Checks and wraps one message of a publish without storing it; <see cref="AppendAsync"/> stores those of a
    /// request together (a bulk publish is one write to disk).
    /// </summary>
    public PublishedMessage Prepare(
        string publisherAppId,
        ResourceSet resources,
        string pubsubName,
        string topic,
        byte[] data,
        string? contentType,
        IReadOnlyDictionary<string, string> metadata)
    {
        if (string.IsNullOrEmpty(pubsubName))
        {
            throw new DaprApiException(DaprErrorCodes.PubSubNotFound, "pubsub name is empty");
        }

        if (string.IsNullOrEmpty(topic))
        {
            throw new DaprApiException(DaprErrorCodes.BadRequest, $"topic is empty in pubsub {pubsubName}");
        }

        var component = resources.RequirePubSub(pubsubName);
        CheckTopicAllowed(component, publisherAppId, topic);
        _components[component.Name] = component;
        if (Faults.ConsumePublishFailure(pubsubName, topic))
        {
            throw new DaprApiException(DaprErrorCodes.PubSubPublishFailed, $"error when publish to topic {topic} in pubsub {pubsubName}: the broker is unavailable (injected fault)");
        }

        var now = Time.GetUtcNow();
        var key = metadata.TryGetValue("partitionKey", out var pk) ? pk : metadata.TryGetValue("__key", out var k) ? k : null;
        var raw = metadata.TryGetValue("rawPayload", out var rp) && string.Equals(rp, "true", StringComparison.OrdinalIgnoreCase);
        contentType = string.IsNullOrEmpty(contentType) ? (raw ? "application/octet-stream" : "application/json") : contentType;
        PublishedMessage message;
        if (raw)
        {
            message = new PublishedMessage(pubsubName, topic, publisherAppId, Guid.NewGuid().ToString(), data, contentType, null, metadata, key, now);
        }
        else
        {
            var (envelope, payload, dataContentType, id) = CloudEventEnvelope.Build(pubsubName, topic, publisherAppId, data, contentType, metadata, now);
            message = new PublishedMessage(pubsubName, topic, publisherAppId, id, payload, dataContentType, envelope, metadata, key, now);
        }

        return message;
    }

    /// <summary>
    /// Stores prepared messages and hands them to the consumer groups. With a durable broker the task completes once
    /// they are on disk (a commit shared with the other publishes of the moment) and fails with
    /// <see cref="DaprErrorCodes.PubSubPublishFailed"/> if they could not be written: nothing is delivered that is not stored.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<PublishedMessage> messages)
    {
        if (_disk is null)
        {
            foreach (var message in messages)
            {
                Append(message);
            }

            return;
        }

        try
        {
            await Persist(messages);
        }
        catch (DurableStoreException ex)
        {
            var first = messages.Count > 0 ? messages[0] : null;
            throw new DaprApiException(DaprErrorCodes.PubSubPublishFailed, $"error when publish to topic {first?.Topic} in pubsub {first?.PubsubName}: {ex.Message}");
        }
    }

    internal void DeadLetter(PublishedMessage m, SubscriptionInfo sub, string reason)
    {
        if (sub.DeadLetterTopic is null)
        {
            Logger.LogWarning("Message {Id} on {Topic} {Reason} and no dead-letter topic is set; it is gone", m.Id, m.Topic, reason);
            return;
        }

        Logger.LogInformation("Message {Id} on {Topic} {Reason}; sending it to dead-letter topic {DeadLetterTopic}", m.Id, m.Topic, reason, sub.DeadLetterTopic);
        var copy = new PublishedMessage(m.PubsubName, sub.DeadLetterTopic, m.PublisherAppId, m.Id, m.Data.ToArray(), m.DataContentType, m.CloudEventBytes, m.Metadata, m.PartitionKey, Time.GetUtcNow());
        if (_disk is null)
        {
            Append(copy);
            return;
        }

        // Queued before the consumer's offset moves past the message, so the disk never has the one without the other.
        _ = Persist([copy]).ContinueWith(
            t => Logger.LogError(t.Exception, "Message {Id} could not be written to dead-letter topic {DeadLetterTopic}", m.Id, sub.DeadLetterTopic),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <summary>Where a group starts reading a partition: its committed offset, else the oldest or the next message.</summary>
    internal long StartOffset(TopicLog log, string appId, int partition, bool fromOldest)
    {
        lock (_storedOffsets)
        {
            if (_storedOffsets.TryGetValue((log.PubsubName, log.Topic, appId, partition), out var stored))
            {
                return Math.Max(stored, log.First(partition));
            }
        }

        var start = fromOldest ? log.First(partition) : log.Count(partition);
        CommitOffset(log, appId, partition, start);
        return start;
    }

    /// <summary>A group has acknowledged everything of a partition below <paramref name="offset"/>: remembered on disk, not waited for
    /// (an offset lost in a crash only means a redelivery, which consumers must bear anyway).</summary>
    internal void CommitOffset(TopicLog log, string appId, int partition, long offset)
    {
        if (_disk is null)
        {
            return;
        }

        var key = string.Join(KeySeparator, log.PubsubName, log.Topic, appId, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var value = BitConverter.GetBytes(offset);
        _ = _disk.WriteAsync(w => w.Put(OffsetsNamespace, key, value)).ContinueWith(
            t => Logger.LogWarning("The offset of {AppId} on {Topic}[{Partition}] could not be stored: {Error}", appId, log.Topic, partition, t.Exception?.GetBaseException().Message),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private Task Persist(IReadOnlyList<PublishedMessage> messages)
    {
        return _disk!.WriteAsync(w =>
        {
            // On the writer, in queue order: the offsets given here are the order consumers see after the commit.
            var logs = new List<TopicLog>(messages.Count);
            foreach (var m in messages)
            {
                var log = LogFor(m.PubsubName, m.Topic);
                log.Reserve(m);
                logs.Add(log);
                w.AppendMessage(m.PubsubName, m.Topic, m.Partition, m.Offset, PublishedMessageCodec.Encode(m));
            }

            w.OnRolledBack(() =>
            {
                foreach (var log in logs)
                {
                    log.CancelReservations();
                }
            });
            w.OnCommitted(() =>
            {
                for (var i = 0; i < messages.Count; i++)
                {
                    logs[i].Publish(messages[i]);
                    Announce(messages[i]);
                }
            });
        });
    }

    private void Restore(DurableStore disk)
    {
        var firstNeeded = new Dictionary<(string Pubsub, string Topic, int Partition), long>();
        foreach (var (key, value) in disk.ReadAll(OffsetsNamespace))
        {
            var parts = key.Split(KeySeparator);
            if (parts.Length != 4 || !int.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out var partition) || partition >= _partitions)
            {
                continue;
            }

            var offset = BitConverter.ToInt64(value);
            _storedOffsets[(parts[0], parts[1], parts[2], partition)] = offset;
            var at = (parts[0], parts[1], partition);
            firstNeeded[at] = firstNeeded.TryGetValue(at, out var known) ? Math.Min(known, offset) : offset;
        }

        var restored = 0;
        foreach (var rows in disk.ReadMessages().Where(r => r.Partition < _partitions).GroupBy(r => (r.Pubsub, r.Topic, r.Partition)))
        {
            // Messages every group has acknowledged are not loaded (and are dropped from disk below); a topic no
            // group reads keeps all of its messages, for a group that starts from the oldest.
            var first = firstNeeded.TryGetValue(rows.Key, out var needed) ? Math.Max(needed, rows.First().Offset) : rows.First().Offset;
            var messages = rows.Where(r => r.Offset >= first)
                .Select(r => PublishedMessageCodec.Decode(r.Pubsub, r.Topic, r.Partition, r.Offset, r.Body))
                .ToList();
            LogFor(rows.Key.Pubsub, rows.Key.Topic).Restore(rows.Key.Partition, first, messages);
            restored += messages.Count;
        }

        foreach (var ((pubsub, topic, partition), first) in firstNeeded)
        {
            var log = LogFor(pubsub, topic);
            if (log.First(partition) != first)
            {
                log.Restore(partition, first, []); // Every message of the partition was acknowledged.
            }
        }

        disk.WriteAsync(w =>
        {
            foreach (var ((pubsub, topic, partition), first) in firstNeeded)
            {
                w.PruneMessages(pubsub, topic, partition, first);
            }
        }).GetAwaiter().GetResult();
        Logger.LogInformation("Broker restored from {Directory}: {Count} messages not yet acknowledged by every consumer group", disk.Directory, restored);
    }

    internal void RecordDeliveries(ConsumerGroup group, int count) => Interlocked.Add(ref _delivered, count);

    internal TimeSpan RedeliveryInterval(string pubsubName) =>
        _components.TryGetValue(pubsubName, out var c) && c.Meta("consumeRetryInterval") is { } text && DaprDuration.TryParse(text, out var interval)
            ? interval
            : _defaultRedelivery;

    /// <summary>An app instance came up with its subscriptions: it joins (or creates) its app id's group per topic.</summary>
    internal void Attach(AppInstance instance)
    {
        foreach (var sub in instance.Subscriptions)
        {
            var component = instance.Sidecar.Resources.Components.FirstOrDefault(c => c.IsPubSub && c.Name == sub.PubsubName);
            if (component is null)
            {
                Logger.LogError("App {AppId} subscribes to {Topic} on pubsub {Pubsub}, which is not declared or not in its scope; ignoring the subscription", instance.AppId, sub.Topic, sub.PubsubName);
                continue;
            }

            _components[component.Name] = component;
            var log = LogFor(sub.PubsubName, sub.Topic);
            var fromOldest = string.Equals(component.Meta("initialOffset"), "oldest", StringComparison.OrdinalIgnoreCase);
            var group = _groups.GetOrAdd((sub.PubsubName, sub.Topic, instance.AppId), _ => new ConsumerGroup(this, log, instance.AppId, sub, fromOldest));
            group.Join(instance, sub, instance.Sidecar.Resources.InboundRetryFor(sub.PubsubName));
        }
    }

    internal void Detach(AppInstance instance)
    {
        foreach (var group in _groups.Values.Where(g => g.AppId == instance.AppId))
        {
            group.Leave(instance);
        }
    }

    private static void CheckTopicAllowed(ComponentResource component, string appId, string topic)
    {
        if (component.Meta("allowedTopics") is { Length: > 0 } allowed && !allowed.Split(',', StringSplitOptions.TrimEntries).Contains(topic))
        {
            throw new DaprApiException(DaprErrorCodes.PubSubForbidden, $"topic {topic} is not allowed for app id {appId}");
        }

        if (component.Meta("publishingScopes") is { Length: > 0 } scopes)
        {
            foreach (var entry in scopes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = entry.Split('=', 2);
                if (parts[0] == appId && !(parts.Length > 1 ? parts[1] : string.Empty).Split(',', StringSplitOptions.TrimEntries).Contains(topic))
                {
                    throw new DaprApiException(DaprErrorCodes.PubSubForbidden, $"topic {topic} is not allowed for app id {appId}");
                }
            }
        }
    }

    private TopicLog LogFor(string pubsubName, string topic) =>
        _logs.GetOrAdd((pubsubName, topic), k => new TopicLog(k.Pubsub, k.Topic, _partitions));

    private void Append(PublishedMessage message)
    {
        LogFor(message.PubsubName, message.Topic).Append(message);
        Announce(message);
    }

    /// <summary>Keeps the message for the test API and wakes the cursors of its partition.</summary>
    private void Announce(PublishedMessage message)
    {
        var list = _published.GetOrAdd((message.PubsubName, message.Topic), _ => []);
        lock (list)
        {
            list.Add(message);
        }

        // Enumerating the dictionary itself takes no lock; its Values property would lock and copy on every publish.
        foreach (var (key, group) in _groups)
        {
            if (key.Pubsub == message.PubsubName && key.Topic == message.Topic)
            {
                group.Cursors[message.Partition].Kick();
            }
        }
    }
}
