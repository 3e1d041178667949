using System.Collections.Concurrent;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.PubSub;

/// <summary>The in-memory message broker behind every pub/sub component of the cluster.</summary>
public sealed class PubSubBroker
{
    private readonly ConcurrentDictionary<(string Pubsub, string Topic), TopicLog> _logs = new();
    private readonly ConcurrentDictionary<(string Pubsub, string Topic, string AppId), ConsumerGroup> _groups = new();
    private readonly ConcurrentDictionary<(string Pubsub, string Topic), List<PublishedMessage>> _published = new();
    private readonly ConcurrentDictionary<string, ComponentResource> _components = new();
    private readonly HashSet<(string? Pubsub, string Topic)> _held = [];
    private readonly Lock _heldLock = new();
    private readonly int _partitions;
    private readonly TimeSpan _defaultRedelivery;
    private long _delivered;

    internal PubSubBroker(TimeProvider time, WorkTracker work, AppChannel channel, DaprFaults faults, ILogger logger, int partitions, TimeSpan defaultRedelivery)
    {
        Time = time;
        Work = work;
        Faults = faults;
        Logger = logger;
        _partitions = partitions;
        _defaultRedelivery = defaultRedelivery;
        Delivery = new AppDelivery(channel, logger);
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

    /// <summary>Publishes as the app's sidecar would, refusing what daprd refuses (undeclared, out of scope or forbidden pub/sub).</summary>
    public PublishedMessage Publish(
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

        Append(message);
        return message;
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
        Append(copy);
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
