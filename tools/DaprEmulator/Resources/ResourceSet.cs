using DaprEmulator.Core;

namespace DaprEmulator.Resources;

/// <summary>What one sidecar loaded from its resources folders, already filtered by the app's scope.</summary>
public sealed class ResourceSet
{
    public ResourceSet(string appId, IEnumerable<ComponentResource> components, IEnumerable<SubscriptionResource> subscriptions, IEnumerable<ResiliencyResource> resiliency)
    {
        AppId = appId;
        AllComponents = components.ToList();
        Components = AllComponents.Where(c => c.InScope(appId)).ToList();
        Subscriptions = subscriptions.Where(s => s.InScope(appId)).ToList();
        Resiliency = resiliency.Where(r => r.InScope(appId)).ToList();

        var actorStores = Components.Where(c => c.IsActorStateStore).ToList();
        if (actorStores.Count > 1)
        {
            // daprd refuses to start (pkg/runtime/compstore/statestore.go).
            throw new DaprResourceException(
                $"app {appId}: detected duplicate actor state store: {actorStores[0].Name} and {actorStores[1].Name} both set actorStateStore: \"true\"");
        }

        ActorStateStore = actorStores.SingleOrDefault();
    }

    public string AppId { get; }

    /// <summary>Every component read from the folders, in scope or not: lets errors tell "not declared" from "not in scope".</summary>
    public IReadOnlyList<ComponentResource> AllComponents { get; }

    public IReadOnlyList<ComponentResource> Components { get; }

    public IReadOnlyList<SubscriptionResource> Subscriptions { get; }

    public IReadOnlyList<ResiliencyResource> Resiliency { get; }

    public ComponentResource? ActorStateStore { get; }

    public ComponentResource RequirePubSub(string name)
    {
        var found = Components.FirstOrDefault(c => c.IsPubSub && c.Name == name);
        if (found is not null)
        {
            return found;
        }

        var outOfScope = AllComponents.FirstOrDefault(c => c.IsPubSub && c.Name == name);
        if (outOfScope is not null)
        {
            throw new DaprApiException(DaprErrorCodes.PubSubNotFound, $"pubsub {name} is not found (component {name} is scoped to {string.Join(", ", outOfScope.Scopes)}, not to app {AppId})");
        }

        throw Components.Any(c => c.IsPubSub)
            ? new DaprApiException(DaprErrorCodes.PubSubNotFound, $"pubsub {name} is not found")
            : new DaprApiException(DaprErrorCodes.PubSubNotConfigured, "no pubsub is configured");
    }

    public ComponentResource RequireStateStore(string name)
    {
        var stores = Components.Where(c => c.IsStateStore).ToList();
        if (stores.Count == 0)
        {
            throw new DaprApiException(DaprErrorCodes.StateStoreNotConfigured, "state store is not configured");
        }

        return stores.FirstOrDefault(c => c.Name == name)
            ?? throw new DaprApiException(DaprErrorCodes.StateStoreNotFound, $"state store {name} is not found");
    }

    /// <summary>The inbound retry policy for a pub/sub component, if a resiliency document names one.</summary>
    public RetryPolicySpec? InboundRetryFor(string pubsubName)
    {
        foreach (var doc in Resiliency)
        {
            if (doc.ComponentInboundRetry.TryGetValue(pubsubName, out var policyName) && doc.Retries.TryGetValue(policyName, out var policy))
            {
                return policy;
            }
        }

        return null;
    }
}

/// <summary>A resources folder daprd would refuse to start with.</summary>
public sealed class DaprResourceException(string message) : Exception(message);
