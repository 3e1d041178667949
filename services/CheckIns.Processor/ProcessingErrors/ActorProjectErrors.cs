using System.Globalization;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.ProcessingErrors;

/// <summary>Reaches the <see cref="ProjectErrorsActor"/> of a project through the sidecar.</summary>
public sealed class ActorProjectErrors(IActorProxyFactory proxies) : IProjectErrors
{
    public Task RecordAsync(long projectId, ProjectErrorEntry entry, CancellationToken cancellationToken) =>
        Proxy(projectId).InvokeMethodAsync(nameof(IProjectErrorsActor.RecordAsync), entry, cancellationToken);

    public async Task<IReadOnlyList<ProjectErrorEntry>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        await Proxy(projectId).InvokeMethodAsync<List<ProjectErrorEntry>>(nameof(IProjectErrorsActor.ListAsync), cancellationToken) ?? [];

    private ActorProxy Proxy(long projectId) =>
        proxies.Create(new ActorId(projectId.ToString(CultureInfo.InvariantCulture)), nameof(ProjectErrorsActor));
}
