extern alias ingest;
extern alias processor;
extern alias incidents;
extern alias dashboard;

using System.Globalization;
using CheckIns.Contracts;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CheckIns.DashboardBenchmark;

/// <summary>
/// The emulator with ingest, processor, incidents and the dashboard in this process, on the real clock, loaded with
/// the repository's <c>components/</c>. The three back-end apps run as deployed (Production, their own settings) with
/// a project token for the benchmark's project; the dashboard runs as the local run does (Development), so it signs
/// in as that project by itself, as a user opening the page would be.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public const long ProjectId = 1;
    public const string Token = "dashboard-benchmark-token";

    private DashboardHost(DaprTestEnvironment env, DaprTestApp ingestApp, DaprTestApp processorApp, DaprTestApp dashboardApp)
    {
        Env = env;
        Ingest = ingestApp;
        Processor = processorApp;
        Dashboard = dashboardApp;
    }

    public DaprTestEnvironment Env { get; }

    public DaprTestApp Ingest { get; }

    public DaprTestApp Processor { get; }

    public DaprTestApp Dashboard { get; }

    public static async Task<DashboardHost> StartAsync(CancellationToken ct)
    {
        var env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components"), IdleTimeout = TimeSpan.FromMinutes(15) },
            ct);
        try
        {
            var ingestApp = await env.StartAppAsync<ingest::Program>(AppIds.Ingest, configureWebHost: ConfigureIngest, ct: ct);
            var processorApp = await env.StartAppAsync<processor::Program>(AppIds.Processor, configureWebHost: ConfigureProcessor, ct: ct);
            await env.StartAppAsync<incidents::Program>(AppIds.Incidents, configureWebHost: ConfigureIncidents, ct: ct);
            var dashboardApp = await env.StartAppAsync<dashboard::Program>(AppIds.Dashboard, configureWebHost: ConfigureDashboard, ct: ct);
            return new DashboardHost(env, ingestApp, processorApp, dashboardApp);
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    private static string P => ProjectId.ToString(CultureInfo.InvariantCulture);

    private static void ConfigureIngest(IWebHostBuilder builder)
    {
        Quiet(builder, "Production");
        builder.UseSetting("APP_API_TOKEN", Token);
        builder.UseSetting($"Ingest:Projects:{P}:OrganizationId", P);
        builder.UseSetting($"Ingest:Projects:{P}:Enabled", "true");
    }

    private static void ConfigureProcessor(IWebHostBuilder builder)
    {
        Quiet(builder, "Production");
        builder.UseSetting($"ProjectAuth:Projects:{P}:Tokens:0", Token);
    }

    private static void ConfigureIncidents(IWebHostBuilder builder)
    {
        Quiet(builder, "Production");
        builder.UseSetting($"ProjectAuth:Projects:{P}:Tokens:0", Token);
    }

    private static void ConfigureDashboard(IWebHostBuilder builder)
    {
        Quiet(builder, "Development");
        builder.UseSetting("Dashboard:DevelopmentSignIn:ProjectId", P);
        builder.UseSetting("Dashboard:DevelopmentSignIn:Token", Token);
    }

    /// <summary>Logs at Warning, so that start-up lines stay out of the table; logs go to stderr, the table to stdout.</summary>
    private static void Quiet(IWebHostBuilder builder, string environment)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Dapr.Workflow.Worker.WorkflowsFactory"] = "Error",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        }));
    }

    public ValueTask DisposeAsync() => Env.DisposeAsync();
}
