using System.Globalization;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.Organizations;

/// <summary>Reaches the <see cref="OrganizationMonitorsActor"/> of an organisation.</summary>
public interface IOrganizationSeats
{
    Task<bool> TryReserveAsync(long organizationId, string monitorKey, int limit, CancellationToken cancellationToken);

    Task ReleaseAsync(long organizationId, string monitorKey, CancellationToken cancellationToken);
}

/// <summary>Calls the organisation's actor through the sidecar; a failed call throws, so the monitor turn is retried.</summary>
public sealed class ActorOrganizationSeats(IActorProxyFactory proxies) : IOrganizationSeats
{
    public Task<bool> TryReserveAsync(long organizationId, string monitorKey, int limit, CancellationToken cancellationToken) =>
        Proxy(organizationId).InvokeMethodAsync<SeatRequest, bool>(nameof(IOrganizationMonitorsActor.TryReserveAsync), new SeatRequest(monitorKey, limit), cancellationToken);

    public Task ReleaseAsync(long organizationId, string monitorKey, CancellationToken cancellationToken) =>
        Proxy(organizationId).InvokeMethodAsync(nameof(IOrganizationMonitorsActor.ReleaseAsync), monitorKey, cancellationToken);

    private ActorProxy Proxy(long organizationId) =>
        proxies.Create(new ActorId(organizationId.ToString(CultureInfo.InvariantCulture)), nameof(OrganizationMonitorsActor));
}
