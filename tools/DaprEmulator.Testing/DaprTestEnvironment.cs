using Dapr.Client;
using DaprEmulator.Core;
using DaprEmulator.PubSub;
using DaprEmulator.State;
using DaprEmulator.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DaprEmulator.Testing;

/// <summary>
/// The emulator and the apps under test in one process: each app runs on Kestrel on a loopback port with
/// its own emulated sidecar, and every part reads the same <see cref="TimeProvider"/>.
/// </summary>
public sealed class DaprTestEnvironment : IAsyncDisposable
{
    private readonly DaprTestEnvironmentOptions _options;
    private readonly List<string> _resourcesPaths;
    private readonly IReadOnlyDictionary<string, string> _configFiles;
    private readonly Lock _lock = new();
    private readonly List<DaprTestApp> _apps = [];
    private readonly Dictionary<string, DaprSidecar> _bareSidecars = [];
    private readonly List<DaprClient> _clients = [];

    private DaprTestEnvironment(DaprTestEnvironmentOptions options)
    {
        _options = options;
        _configFiles = options.ConfigFiles;
        _resourcesPaths = (options.ResourcesPath is null ? [] : new List<string> { options.ResourcesPath }).Concat(options.ResourcesPaths).ToList();
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Cluster = new DaprCluster(new DaprClusterOptions
        {
            TimeProvider = TimeProvider,
            LoggerFactory = options.LoggerFactory,
            PartitionsPerTopic = options.PartitionsPerTopic,
            DefaultRedeliveryInterval = options.DefaultRedeliveryInterval,
            DataDirectory = options.DataDirectory,
        });
    }

    public DaprCluster Cluster { get; }

    public TimeProvider TimeProvider { get; }

    public DaprFaults Faults => Cluster.Faults;

    /// <summary>
    /// The workflow building block: instance snapshots (<see cref="WorkflowEngine.GetInstance"/>), counters
    /// (<see cref="WorkflowEngine.Stats"/>), lost activity completions (<see cref="WorkflowEngine.Faults"/>) and
    /// dropped worker streams (<see cref="WorkflowEngine.DropWorkerStreams"/>).
    /// </summary>
    public WorkflowEngine Workflows => Cluster.Workflows;

    public IReadOnlyList<DaprTestApp> Apps
    {
        get
        {
            lock (_lock)
            {
                return _apps.ToList();
            }
        }
    }

    public static Task<DaprTestEnvironment> StartAsync(DaprTestEnvironmentOptions? options = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new DaprTestEnvironment(options ?? new DaprTestEnvironmentOptions()));
    }

    /// <summary>
    /// Starts the app whose entry point is <typeparamref name="TEntryPoint"/> (its <c>Program</c>) with a
    /// sidecar for <paramref name="appId"/>. The app gets DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_ID and APP_PORT
    /// as configuration, and the shared TimeProvider in DI. Starting a second app with the same id adds a replica.
    /// </summary>
    public Task<DaprTestApp> StartAppAsync<TEntryPoint>(
        string appId,
        Action<IServiceCollection>? configureServices = null,
        Action<IWebHostBuilder>? configureWebHost = null,
        CancellationToken ct = default)
        where TEntryPoint : class =>
        StartAppCoreAsync(appId, (sidecar, port, _) =>
        {
            var factory = new KestrelAppFactory<TEntryPoint>(sidecar, port, TimeProvider, configureServices, configureWebHost);
            try
            {
                factory.StartServer();
            }
            catch
            {
                factory.Dispose();
                throw;
            }

            return Task.FromResult<IRunningApp>(factory);
        }, ct);

    /// <summary>Starts an app written in the test as a minimal WebApplication (see <see cref="StartAppAsync{TEntryPoint}"/>).</summary>
    public Task<DaprTestApp> StartAppAsync(
        string appId,
        Action<WebApplicationBuilder> configureBuilder,
        Action<WebApplication> configureApp,
        CancellationToken ct = default) =>
        StartAppCoreAsync(appId, async (sidecar, port, token) => await InlineApp.StartAsync(sidecar, port, TimeProvider, configureBuilder, configureApp, token), ct);

    private async Task<DaprTestApp> StartAppCoreAsync(string appId, Func<DaprSidecar, int, CancellationToken, Task<IRunningApp>> start, CancellationToken ct)
    {
        var sidecar = await Cluster.StartSidecarAsync(appId, _resourcesPaths, ct: ct, configFile: _configFiles.GetValueOrDefault(appId));
        var port = FreePort.Next();
        var app = new DaprTestApp(appId, sidecar, port, token => start(sidecar, port, token));
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }

        lock (_lock)
        {
            _apps.Add(app);
        }

        return app;
    }

    /// <summary>The (first) app started under this id.</summary>
    public DaprTestApp App(string appId) =>
        Apps.FirstOrDefault(a => a.AppId == appId) ?? throw new InvalidOperationException($"no app {appId} was started");

    /// <summary>Stops every replica of the app; its sidecar keeps its ports, its messages wait, its reminders are kept.</summary>
    public async Task StopAppAsync(string appId)
    {
        foreach (var app in Apps.Where(a => a.AppId == appId))
        {
            await app.StopAsync();
        }
    }

    public async Task RestartAppAsync(string appId, CancellationToken ct = default)
    {
        foreach (var app in Apps.Where(a => a.AppId == appId))
        {
            await app.RestartAsync(ct);
        }
    }

    /// <summary>Every message published to the topic so far (CloudEvent, data and metadata), in publish order.</summary>
    public IReadOnlyList<PublishedMessage> Published(string pubsubName, string topic) => Cluster.Broker.Published(pubsubName, topic);

    /// <summary>
    /// The data of a state store component (shared by every sidecar that declares it): its counters of
    /// transactions and keys written (<see cref="InMemoryStateStore.Stats"/>) and the size of what it holds.
    /// </summary>
    public InMemoryStateStore StateStore(string componentName) => Cluster.StateStores.Get(componentName);

    /// <summary>
    /// Returns once no delivery, due retry, actor call, due reminder or due timer, and no workflow work item
    /// (queued for a running app, or out with a worker) is running, so a test can
    /// assert without sleeping. Work scheduled for later on the clock (a retry back-off, a reminder) is not waited for.
    /// </summary>
    public Task WaitForIdleAsync(CancellationToken ct = default) =>
        Cluster.WaitForIdleAsync(_options.IdleTimeout, _options.FlushBulkBatchesWhenIdle, ct);

    /// <summary>Stops delivering the topic's messages (they are still accepted and kept) until released.</summary>
    public void HoldDelivery(string topic, string? pubsubName = null) => Cluster.Broker.HoldDelivery(topic, pubsubName);

    public void ReleaseDelivery(string topic, string? pubsubName = null) => Cluster.Broker.ReleaseDelivery(topic, pubsubName);

    /// <summary>A sidecar with no app behind it, e.g. to call other apps or publish as <paramref name="appId"/>.</summary>
    public async Task<DaprSidecar> StartSidecarAsync(string appId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_bareSidecars.TryGetValue(appId, out var existing))
            {
                return existing;
            }
        }

        var sidecar = await Cluster.StartSidecarAsync(appId, _resourcesPaths, ct: ct, configFile: _configFiles.GetValueOrDefault(appId));
        lock (_lock)
        {
            _bareSidecars[appId] = sidecar;
        }

        return sidecar;
    }

    /// <summary>
    /// A DaprClient talking to the sidecar of <paramref name="appId"/>: the sidecar of a started app, or
    /// else a sidecar without app started for the purpose. Disposed with the environment.
    /// </summary>
    public DaprClient CreateDaprClient(string appId)
    {
        var sidecar = Apps.FirstOrDefault(a => a.AppId == appId)?.Sidecar
            ?? StartSidecarAsync(appId).GetAwaiter().GetResult();
        var client = new DaprClientBuilder()
            .UseHttpEndpoint(sidecar.HttpEndpoint)
            .UseGrpcEndpoint(sidecar.GrpcEndpoint)
            .Build();
        lock (_lock)
        {
            _clients.Add(client);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Apps)
        {
            await app.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Cluster.DisposeAsync();
    }
}
