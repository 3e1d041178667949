using CheckIns.Contracts;
using CheckIns.Domain;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.Actors;

/// <summary>
/// Calls monitor actors through the sidecar. Calls are non-remoting (JSON bodies): an actor exception comes
/// back as an HTTP error, which the proxy turns into an exception the caller sees.
/// </summary>
public sealed class MonitorActorClient(IActorProxyFactory proxies) : IMonitorTurns, IMonitorActors
{
    public async Task<TurnReport> ApplyAsync(string monitorKey, IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken) =>
        await Proxy(monitorKey).InvokeMethodAsync<CheckInBatch, TurnReport>(
            nameof(IMonitorActor.ApplyAsync), new CheckInBatch(messages), cancellationToken)
        ?? throw new InvalidOperationException($"Monitor {monitorKey} answered its turn without a report.");

    public Task<ConfigureReply> ConfigureAsync(string monitorKey, MonitorConfigRequest request, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<MonitorConfigRequest, ConfigureReply>(nameof(IMonitorActor.ConfigureAsync), request, cancellationToken);

    public Task<ConfigureReply> ConfigureEnvironmentAsync(string monitorKey, EnvironmentConfigRequest request, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<EnvironmentConfigRequest, ConfigureReply>(nameof(IMonitorActor.ConfigureEnvironmentAsync), request, cancellationToken);

    public Task<MonitorState?> GetAsync(string monitorKey, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<MonitorState?>(nameof(IMonitorActor.GetAsync), cancellationToken);

    private ActorProxy Proxy(string monitorKey) => proxies.Create(new ActorId(monitorKey), nameof(MonitorActor));
}
