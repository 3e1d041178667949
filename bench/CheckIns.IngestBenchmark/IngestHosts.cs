using System.Globalization;
using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CheckIns.IngestBenchmark;

/// <summary>
/// The servers under load, all on Kestrel on loopback with an emulated sidecar each, in this one process: the bare
/// endpoint, the ingest app as deployed (Production settings, publishing through its sidecar), the ingest app
/// with publishing discarded, which separates ingest's own cost from the sidecar's, and the ingest app on an
/// emulator with a data folder, as the local run has it (every publish answered once on disk).
/// </summary>
internal sealed class IngestHosts : IAsyncDisposable
{
    public const long ProjectId = 42;
    public const string PublicKey = "bench0public0key00000000000000ab";
    private const long OrganizationId = 7;

    private IngestHosts(DaprTestEnvironment env, Uri bare, Uri ingest, Uri ingestAlone, DaprTestEnvironment durableEnv, Uri ingestDurable, string dataFolder)
    {
        Env = env;
        Bare = bare;
        Ingest = ingest;
        IngestAlone = ingestAlone;
        DurableEnv = durableEnv;
        IngestDurable = ingestDurable;
        _dataFolder = dataFolder;
    }

    private readonly string _dataFolder;

    public DaprTestEnvironment Env { get; }

    public DaprTestEnvironment DurableEnv { get; }

    public Uri IngestDurable { get; }

    public Uri Bare { get; }

    public Uri Ingest { get; }

    public Uri IngestAlone { get; }

    public static async Task<IngestHosts> StartAsync()
    {
        var env = await DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components") });
        try
        {
            var bare = await env.StartAppAsync(
                "bare",
                builder => builder.Logging.ClearProviders(),
                app =>
                {
                    app.MapPost("/v1/checkins", () => Results.StatusCode(StatusCodes.Status202Accepted));
                    app.MapPost("/api/{projectId}/envelope/", () => Results.StatusCode(StatusCodes.Status202Accepted));
                });
            var ingest = await env.StartAppAsync<Program>(AppIds.Ingest, configureWebHost: AsDeployed);
            var alone = await env.StartAppAsync<Program>(
                "ingest-alone",
                services =>
                {
                    services.RemoveAll<ICheckInPublisher>();
                    services.AddSingleton<ICheckInPublisher, DiscardingPublisher>();
                },
                AsDeployed);
            var dataFolder = Path.Combine(Path.GetTempPath(), "checkins-ingest-bench-" + Guid.NewGuid().ToString("N"));
            var durableEnv = await DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components"), DataDirectory = dataFolder });
            var durable = await durableEnv.StartAppAsync<Program>(AppIds.Ingest, configureWebHost: AsDeployed);
            return new IngestHosts(env, bare.BaseAddress, ingest.BaseAddress, alone.BaseAddress, durableEnv, durable.BaseAddress, dataFolder);
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    /// <summary>Check-ins the ingest apps published to the emulated brokers so far.</summary>
    public int PublishedCount =>
        Env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors).Count + DurableEnv.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors).Count;

    public async ValueTask DisposeAsync()
    {
        await Env.DisposeAsync();
        await DurableEnv.DisposeAsync();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    /// <summary>Production settings (appsettings.json only), with the one project the requests name.</summary>
    private static void AsDeployed(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Accepted check-ins log nothing; this only keeps start-up lines out of the table.
            ["Logging:LogLevel:Default"] = "Warning",
            [$"Ingest:Projects:{ProjectId}:OrganizationId"] = OrganizationId.ToString(CultureInfo.InvariantCulture),
            [$"Ingest:Projects:{ProjectId}:Keys:0:PublicKey"] = PublicKey,
        }));
    }

    /// <summary>Takes every check-in and sends it nowhere: what is left of a request is ingest's own work.</summary>
    private sealed class DiscardingPublisher : ICheckInPublisher
    {
        public Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
