extern alias ingest;
extern alias processor;

using System.Globalization;
using CheckIns.Contracts;
using DaprEmulator.State;
using DaprEmulator.Testing;
using DaprEmulator.Workflows;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using processor::CheckIns.Processor.Subscriptions;
using processor::CheckIns.Processor.Workflows;

namespace CheckIns.PipelineBenchmark;

/// <summary>
/// The emulator with the ingest and processor apps in this process, on the real clock, loaded with the
/// repository's <c>components/</c>. The apps run as deployed (environment Production, their own settings), with
/// the projects the load needs, an app token on ingest, a project token on the processor's read API, and the
/// per-monitor rate limit raised (see README). The processor's check-in runner is switched by <see cref="Path"/>
/// between the product's workflow path and the direct-actor baseline.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    public const string AppToken = "pipeline-benchmark-token";

    private PipelineHost(DaprTestEnvironment env, DaprTestApp ingestApp, DaprTestApp processorApp, CheckInPathSwitch path)
    {
        Env = env;
        Ingest = ingestApp;
        Processor = processorApp;
        Path = path;
    }

    public CheckInPathSwitch Path { get; }

    public DaprTestEnvironment Env { get; }

    public DaprTestApp Ingest { get; }

    public DaprTestApp Processor { get; }

    public InMemoryStateStore ActorStore => Env.StateStore(DaprNames.ActorStateStore);

    /// <summary>Check-ins published to ingest-monitors that the processor has not acknowledged yet (retries included).</summary>
    public long Backlog => Env.Cluster.Broker.Lag(DaprNames.CheckInsPubSub, Topics.IngestMonitors);

    public WorkflowStats Workflows => Env.Workflows.Stats;

    /// <summary>Workflow instances started and not completed yet (check-ins whose events may still be on their way).</summary>
    public long WorkflowsInFlight
    {
        get
        {
            var stats = Workflows;
            return stats.InstancesStarted - stats.InstancesCompleted;
        }
    }

    public static async Task<PipelineHost> StartAsync(int projects, IReadOnlyDictionary<string, string> processorSettings, CancellationToken ct)
    {
        var env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = RepositoryRoot.PathOf("components"),
                ConfigFiles = DaprTestEnvironmentOptions.ConfigFilesOf(RepositoryRoot.PathOf("dapr.yaml")),
            },
            ct);
        try
        {
            var ingestApp = await env.StartAppAsync<ingest::Program>(AppIds.Ingest, configureWebHost: b => ConfigureIngest(b, projects), ct: ct);
            var path = new CheckInPathSwitch();
            var processorApp = await env.StartAppAsync<processor::Program>(
                AppIds.Processor,
                configureServices: s => SwitchRunner(s, path),
                configureWebHost: b => ConfigureProcessor(b, projects, processorSettings),
                ct: ct);
            return new PipelineHost(env, ingestApp, processorApp, path);
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    private static void ConfigureIngest(IWebHostBuilder builder, int projects)
    {
        AsDeployed(builder);
        builder.UseSetting("APP_API_TOKEN", AppToken);
        for (var p = 1; p <= projects; p++)
        {
            var id = p.ToString(CultureInfo.InvariantCulture);
            builder.UseSetting($"Ingest:Projects:{id}:OrganizationId", id);
            builder.UseSetting($"Ingest:Projects:{id}:Enabled", "true");
        }
    }

    private static void SwitchRunner(IServiceCollection services, CheckInPathSwitch path)
    {
        services.AddSingleton(path);
        services.AddSingleton<WorkflowCheckInRunner>();
        services.AddSingleton<DirectActorCheckInRunner>();
        services.RemoveAll<ICheckInRunner>();
        services.AddSingleton<ICheckInRunner, SwitchedCheckInRunner>();
    }

    private static void ConfigureProcessor(IWebHostBuilder builder, int projects, IReadOnlyDictionary<string, string> settings)
    {
        AsDeployed(builder);
        for (var p = 1; p <= projects; p++)
        {
            builder.UseSetting($"ProjectAuth:Projects:{p.ToString(CultureInfo.InvariantCulture)}:Tokens:0", AppToken);
        }

        // A load run sends each monitor far more than the 6 check-ins a minute a cron job would (R28).
        builder.UseSetting("Processor:Engine:RateLimitPerMinute", "1000000");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// Production, not the Development environment WebApplicationFactory picks. Logs at Warning, so that the apps'
    /// start-up lines stay out of the table (no Information log is written per request or per turn anyway).
    /// </summary>
    private static void AsDeployed(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Added last, so it wins over the app's own appsettings.json.
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            // The workflow SDK logs at start-up, for each workflow and activity, that it "is already registered": start-up noise.
            ["Logging:LogLevel:Dapr.Workflow.Worker.WorkflowsFactory"] = "Error",
            // Logs go to stderr with the progress lines; stdout carries only the tables (bench/run keeps them as pipeline.md).
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        }));
    }

    public ValueTask DisposeAsync() => Env.DisposeAsync();
}
