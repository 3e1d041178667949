using DaprEmulator.Actors;
using DaprEmulator.Grpc;
using DaprEmulator.PubSub;
using DaprEmulator.Resources;
using DaprEmulator.State;
using DaprEmulator.Storage;
using DaprEmulator.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprEmulator.Core;

/// <summary>
/// The emulated Dapr control plane and broker: one sidecar per app id on real loopback ports, a shared
/// broker, state stores, actor placement and reminders. In memory, unless <see cref="DaprClusterOptions.DataDirectory"/>
/// names a data folder: then state, messages not yet acknowledged, consumer offsets, reminders and workflow instances are kept on
/// disk (<see cref="DurableStore"/>) and restored when a cluster starts again on the same folder.
/// </summary>
public sealed class DaprCluster : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<DaprSidecar> _sidecars = [];
    private readonly List<AppInstance> _instances = [];

    public DaprCluster(DaprClusterOptions? options = null)
    {
        Options = options ?? new DaprClusterOptions();
        Time = Options.TimeProvider;
        LoggerFactory = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("DaprEmulator");
        Work = new WorkTracker(Logger);
        Channel = new AppChannel();
        Faults = new DaprFaults();
        Disk = Options.DataDirectory is { } data ? DurableStore.Open(data, LoggerFactory.CreateLogger("DaprEmulator.Storage")) : null;
        StateStores = new StateStoreRegistry(Time, Disk);
        Broker = new PubSubBroker(Time, Work, Channel, Faults, LoggerFactory.CreateLogger("DaprEmulator.PubSub"), Options.PartitionsPerTopic, Options.DefaultRedeliveryInterval, Disk);
        Actors = new ActorRuntime(Time, Work, Channel, LoggerFactory.CreateLogger("DaprEmulator.Actors"), Disk);
        var workflowLogger = LoggerFactory.CreateLogger("DaprEmulator.Workflows");
        var workflowStore = Options.WorkflowStore ?? (Disk is null ? null : DurableWorkflowStore.Open(Disk, workflowLogger));
        Workflows = new WorkflowEngine(Time, Work, workflowLogger, appId => InstancesOf(appId).Count > 0, workflowStore);
    }

    /// <summary>The data folder's store, when the cluster keeps its data on disk; other durable data (e.g. workflow instances) can take a namespace of its own in it.</summary>
    public DurableStore? Disk { get; }

    public DaprClusterOptions Options { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    public WorkTracker Work { get; }

    public AppChannel Channel { get; }

    public DaprFaults Faults { get; }

    /// <summary>Faults of the gRPC API itself: methods answering UNIMPLEMENTED, answers held back.</summary>
    public GrpcApiFaults GrpcFaults { get; } = new();

    /// <summary>The gRPC API calls the sidecars received, once a test started the log.</summary>
    public GrpcApiLog GrpcCalls { get; } = new();

    public PubSubBroker Broker { get; }

    public ActorRuntime Actors { get; }

    public StateStoreRegistry StateStores { get; }

    /// <summary>The workflow building block shared by every sidecar (instances, work items, timers).</summary>
    public WorkflowEngine Workflows { get; }

    internal ILogger Logger { get; }

    public IReadOnlyList<DaprSidecar> Sidecars
    {
        get
        {
            lock (_lock)
            {
                return _sidecars.ToList();
            }
        }
    }

    /// <summary>
    /// Starts a sidecar for <paramref name="appId"/>: loads its resources and its configuration file, if it has one
    /// (refusing what daprd refuses), and listens on the given ports (0 or null: a free port).
    /// </summary>
    public async Task<DaprSidecar> StartSidecarAsync(string appId, IReadOnlyList<string> resourcesPaths, int? httpPort = null, int? grpcPort = null, string? configFile = null, CancellationToken ct = default)
    {
        var resources = ResourceLoader.Load(appId, resourcesPaths);
        var configuration = configFile is null ? null : ConfigurationResource.Load(configFile);
        Workflows.SetRetentionPolicy(appId, configuration?.WorkflowRetention);
        var sidecar = new DaprSidecar(this, appId, resources);
        await sidecar.StartAsync(httpPort is > 0 ? httpPort.Value : null, grpcPort is > 0 ? grpcPort.Value : null, ct);
        lock (_lock)
        {
            _sidecars.Add(sidecar);
        }

        return sidecar;
    }

    /// <summary>Running instances of an app id (several when replicas share the id).</summary>
    public IReadOnlyList<AppInstance> InstancesOf(string appId)
    {
        lock (_lock)
        {
            return _instances.Where(i => i.AppId == appId).ToList();
        }
    }

    private long _roundRobin;

    /// <summary>The instance a service invocation to <paramref name="appId"/> goes to (round robin over replicas).</summary>
    internal AppInstance? PickInstance(string appId)
    {
        var list = InstancesOf(appId);
        return list.Count == 0 ? null : list[(int)(Interlocked.Increment(ref _roundRobin) % list.Count)];
    }

    internal void Attach(AppInstance instance)
    {
        lock (_lock)
        {
            _instances.Add(instance);
        }

        if (instance.ActorTypes.Count > 0)
        {
            Actors.Attach(instance);
        }

        Broker.Attach(instance);
    }

    internal void Detach(AppInstance instance)
    {
        lock (_lock)
        {
            if (!_instances.Remove(instance))
            {
                return;
            }
        }

        Broker.Detach(instance);
        Actors.Detach(instance);
        Workflows.DisconnectWorkersVia(instance.Sidecar);
    }

    internal void Forget(DaprSidecar sidecar)
    {
        lock (_lock)
        {
            _sidecars.Remove(sidecar);
        }
    }

    /// <summary>
    /// Waits until no delivery, actor turn, reminder or timer is running. Partial bulk batches are closed
    /// first when <paramref name="flushBatches"/> is set; retries whose back-off has not elapsed are not waited for.
    /// </summary>
    public async Task WaitForIdleAsync(TimeSpan timeout, bool flushBatches = true, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var quietRounds = 0;
        try
        {
            while (true)
            {
                if (flushBatches)
                {
                    Broker.FlushBatches();
                }

                var started = Work.Started;
                if (Busy == 0)
                {
                    // Two quiet readings with nothing started in between: work that chains (a delivery that
                    // publishes, a turn that sets a timer due now) has had the chance to show up.
                    await Task.Delay(5, cts.Token);
                    if (Busy == 0 && Work.Started == started && ++quietRounds >= 2)
                    {
                        return;
                    }
                }
                else
                {
                    quietRounds = 0;
                    await Task.Delay(5, cts.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the emulator did not become idle within {timeout}: {Work.InFlight} operations still running, {Workflows.WaitingForWorkers} workflow work items waiting for a worker of a running app (does it call AddDaprWorkflow?)");
        }
    }

    // Workflow work waiting for a worker of a running app counts: the app's worker is about to take it.
    private int Busy => Work.InFlight + Workflows.WaitingForWorkers;

    public async ValueTask DisposeAsync()
    {
        foreach (var sidecar in Sidecars)
        {
            await sidecar.DisposeAsync();
        }

        Workflows.Dispose();
        Channel.Dispose();
        Disk?.Dispose();
    }
}
