using DaprEmulator.PubSub;

namespace DaprEmulator.Core;

/// <summary>A running app as its sidecar sees it after reading <c>/dapr/config</c> and <c>/dapr/subscribe</c>.</summary>
public sealed class AppInstance
{
    private static long s_nextId;

    internal AppInstance(DaprSidecar sidecar, Uri address, IReadOnlyList<string> actorTypes, TimeSpan actorIdleTimeout, IReadOnlyList<SubscriptionInfo> subscriptions)
    {
        Sidecar = sidecar;
        Address = address;
        ActorTypes = actorTypes;
        ActorIdleTimeout = actorIdleTimeout;
        Subscriptions = subscriptions;
        InstanceId = Interlocked.Increment(ref s_nextId);
    }

    public long InstanceId { get; }

    public string AppId => Sidecar.AppId;

    public DaprSidecar Sidecar { get; }

    public Uri Address { get; }

    public IReadOnlyList<string> ActorTypes { get; }

    public TimeSpan ActorIdleTimeout { get; }

    public IReadOnlyList<SubscriptionInfo> Subscriptions { get; }

    public override string ToString() => $"{AppId}#{InstanceId} at {Address}";
}
