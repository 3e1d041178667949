using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace CheckIns.Processor.Actors;

/// <summary>
/// Calls monitor actors through the sidecar. Calls are non-remoting (JSON bodies): an actor exception comes
/// back as an HTTP error, which the proxy turns into an exception the caller sees.
/// </summary>
public sealed class MonitorActorClient(IActorProxyFactory proxies) : IMonitorOperations, IMonitorActors
{
    public async Task<OperationReply> ApplyAsync(CheckInMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await Proxy(message.MonitorKey).InvokeMethodAsync<CheckInMessage, OperationReply>(nameof(IMonitorActor.ApplyAsync), message, cancellationToken)
            ?? throw new InvalidOperationException($"Monitor {message.MonitorKey} answered without a reply.");
    }

    public async Task<OperationReply> TimeOutAsync(string monitorKey, TimeoutRequest request, CancellationToken cancellationToken) =>
        await Proxy(monitorKey).InvokeMethodAsync<TimeoutRequest, OperationReply>(nameof(IMonitorActor.TimeOutAsync), request, cancellationToken)
        ?? throw new InvalidOperationException($"Monitor {monitorKey} answered without a reply.");

    public async Task<OperationReply> TickAsync(string monitorKey, TickRequest request, CancellationToken cancellationToken) =>
        await Proxy(monitorKey).InvokeMethodAsync<TickRequest, OperationReply>(nameof(IMonitorActor.TickAsync), request, cancellationToken)
        ?? throw new InvalidOperationException($"Monitor {monitorKey} answered without a reply.");

    public Task AcknowledgeAsync(string monitorKey, string operationId, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync(nameof(IMonitorActor.AcknowledgeAsync), operationId, cancellationToken);

    public Task<ConfigureReply> ConfigureAsync(string monitorKey, MonitorConfigRequest request, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<MonitorConfigRequest, ConfigureReply>(nameof(IMonitorActor.ConfigureAsync), request, cancellationToken);

    public Task<ConfigureReply> ConfigureEnvironmentAsync(string monitorKey, EnvironmentConfigRequest request, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<EnvironmentConfigRequest, ConfigureReply>(nameof(IMonitorActor.ConfigureEnvironmentAsync), request, cancellationToken);

    public Task<MonitorState?> GetAsync(string monitorKey, CancellationToken cancellationToken) =>
        Proxy(monitorKey).InvokeMethodAsync<MonitorState?>(nameof(IMonitorActor.GetAsync), cancellationToken);

    private ActorProxy Proxy(string monitorKey) => proxies.Create(new ActorId(monitorKey), nameof(MonitorActor));
}
