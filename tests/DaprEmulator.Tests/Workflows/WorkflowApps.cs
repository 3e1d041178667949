using Dapr.Workflow;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Workflows;

/// <summary>Apps that host the test workflows with the real Dapr.Workflow SDK.</summary>
public static class WorkflowApps
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task<DaprTestApp> StartAsync(DaprTestEnvironment dapr, WorkflowProbe probe, string appId = "wf-app") =>
        dapr.StartAppAsync(
            appId,
            b =>
            {
                b.Services.AddSingleton(probe);
                b.Services.AddDaprWorkflow(o =>
                {
                    o.RegisterWorkflow<ChainWorkflow>();
                    o.RegisterWorkflow<FanOutWorkflow>();
                    o.RegisterWorkflow<SingleActivityWorkflow>();
                    o.RegisterWorkflow<EventWaitWorkflow>();
                    o.RegisterWorkflow<ParentWorkflow>();
                    o.RegisterWorkflow<ChildWorkflow>();
                    o.RegisterWorkflow<LoopWorkflow>();
                    o.RegisterWorkflow<RetryWorkflow>();
                    o.RegisterWorkflow<GateWorkflow>();
                    o.RegisterActivity<AppendActivity>();
                    o.RegisterActivity<SquareActivity>();
                    o.RegisterActivity<FailingActivity>();
                    o.RegisterActivity<GateActivity>();
                });
            },
            _ => { },
            TestContext.Current.CancellationToken);

    public static DaprWorkflowClient Client(this DaprTestApp app) => app.Services.GetRequiredService<DaprWorkflowClient>();
}

/// <summary>An emulator on a fake clock with one workflow app, disposed together.</summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly TestResources _resources;

    private WorkflowHarness(TestResources resources, FakeTimeProvider time, DaprTestEnvironment dapr, WorkflowProbe probe, DaprTestApp app)
    {
        _resources = resources;
        Time = time;
        Dapr = dapr;
        Probe = probe;
        App = app;
    }

    public const string AppId = "wf-app";

    public FakeTimeProvider Time { get; }

    public DaprTestEnvironment Dapr { get; }

    public WorkflowProbe Probe { get; }

    public DaprTestApp App { get; }

    /// <summary>The app's client; a new one after a restart.</summary>
    public DaprWorkflowClient Client => App.Client();

    /// <param name="configuration">The app's Configuration file (YAML), or null for none.</param>
    public static async Task<WorkflowHarness> StartAsync(TimeProvider? time = null, string? configuration = null)
    {
        var resources = TestResources.Default();
        var fake = new FakeTimeProvider(WorkflowApps.Epoch);
        var configFiles = new Dictionary<string, string>();
        if (configuration is not null)
        {
            // Beside the components: the resources loader skips a Configuration, as daprd does.
            configFiles[AppId] = Path.Combine(resources.Path, "config.yaml");
            await File.WriteAllTextAsync(configFiles[AppId], configuration, TestContext.Current.CancellationToken);
        }

        var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time ?? fake, ConfigFiles = configFiles }, TestContext.Current.CancellationToken);
        var probe = new WorkflowProbe();
        var app = await WorkflowApps.StartAsync(dapr, probe);
        return new WorkflowHarness(resources, fake, dapr, probe, app);
    }

    public async ValueTask DisposeAsync()
    {
        Probe.Gate.TrySetResult();
        await Dapr.DisposeAsync();
        _resources.Dispose();
    }
}
