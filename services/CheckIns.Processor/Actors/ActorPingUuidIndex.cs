using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.Actors;

/// <summary>Reaches the <see cref="PingUuidActor"/> of a UUID through the sidecar.</summary>
public sealed class ActorPingUuidIndex(IActorProxyFactory proxies) : IPingUuidIndex
{
    public async Task<bool> ClaimAsync(Guid uuid, PingTarget target, CancellationToken cancellationToken) =>
        await Proxy(uuid).InvokeMethodAsync<PingTarget, bool>(nameof(IPingUuidActor.ClaimAsync), target, cancellationToken);

    public Task ReleaseAsync(Guid uuid, PingTarget target, CancellationToken cancellationToken) =>
        Proxy(uuid).InvokeMethodAsync(nameof(IPingUuidActor.ReleaseAsync), target, cancellationToken);

    public Task<PingTarget?> FindAsync(Guid uuid, CancellationToken cancellationToken) =>
        Proxy(uuid).InvokeMethodAsync<PingTarget?>(nameof(IPingUuidActor.FindAsync), cancellationToken);

    private ActorProxy Proxy(Guid uuid) => proxies.Create(new ActorId(uuid.ToString("D")), nameof(PingUuidActor));
}
