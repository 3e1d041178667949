using System.Globalization;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.Actors;

/// <summary>Reaches the <see cref="ProjectMonitorsActor"/> of a project through the sidecar.</summary>
public sealed class ActorProjectIndex(IActorProxyFactory proxies) : IProjectIndex
{
    public Task AddAsync(long projectId, string slug, CancellationToken cancellationToken) =>
        Proxy(projectId).InvokeMethodAsync(nameof(IProjectMonitorsActor.AddAsync), slug, cancellationToken);

    public async Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        await Proxy(projectId).InvokeMethodAsync<List<string>>(nameof(IProjectMonitorsActor.ListAsync), cancellationToken) ?? [];

    public Task SetOverviewAsync(long projectId, MonitorOverviewEntry entry, CancellationToken cancellationToken) =>
        Proxy(projectId).InvokeMethodAsync(nameof(IProjectMonitorsActor.SetOverviewAsync), entry, cancellationToken);

    public async Task<ProjectOverview> OverviewAsync(long projectId, CancellationToken cancellationToken) =>
        await Proxy(projectId).InvokeMethodAsync<ProjectOverview>(nameof(IProjectMonitorsActor.OverviewAsync), cancellationToken)
        ?? new ProjectOverview([], []);

    private ActorProxy Proxy(long projectId) =>
        proxies.Create(new ActorId(projectId.ToString(CultureInfo.InvariantCulture)), nameof(ProjectMonitorsActor));
}
