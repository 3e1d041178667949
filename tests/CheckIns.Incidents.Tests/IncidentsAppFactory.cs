using CheckIns.Contracts;
using CheckIns.Incidents.Dapr;
using CheckIns.Incidents.Tests.Fakes;
using CheckIns.Tests.Shared;
using Dapr.Client;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Incidents.Tests;

/// <summary>
/// The incidents app in memory, its state on the incidents-state component of an emulated sidecar loaded with the
/// repository's <c>components/</c>, reached through the Dapr SDK as in production. The publisher, the app's own
/// interface, records what would reach <c>incidents-pubsub</c>; the sidecar's deliveries are played by posting
/// CloudEvents to the subscription route, as daprd does.
/// </summary>
public sealed class IncidentsAppFactory : WebApplicationFactory<Program>
{
    private readonly DaprTestEnvironment _dapr =
        DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components") }).GetAwaiter().GetResult();

    private InterleavingStateStore? _store;

    public RecordingPublisher Publisher { get; } = new();

    /// <summary>The app's state store, with a hook to let another writer in before each save.</summary>
    public InterleavingStateStore Store => _store ??= Services.GetRequiredService<InterleavingStateStore>();

    /// <summary>Where the Dapr sidecar health check looks; by default a port nobody listens on.</summary>
    public string DaprHttpEndpoint { get; set; } = "http://127.0.0.1:9";

    /// <summary>The keys the incidents-state component holds, as the sidecar stores them.</summary>
    public IReadOnlyCollection<string> StoredKeys => [.. _dapr.StateStore(DaprNames.IncidentsStateStore).Snapshot().Keys];

    /// <summary>Writes the key without a concurrency check, as another instance of the app would.</summary>
    public Task PutAsync(string key, byte[] value) =>
        _dapr.CreateDaprClient(AppIds.Incidents).SaveByteStateAsync(DaprNames.IncidentsStateStore, key, value);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dapr.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DAPR_HTTP_ENDPOINT", DaprHttpEndpoint);
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        TestTokens.Configure(builder);
        var sidecar = _dapr.StartSidecarAsync(AppIds.Incidents).GetAwaiter().GetResult();
        builder.ConfigureServices(services =>
        {
            // The readiness check keeps looking at DaprHttpEndpoint; only the client talks to the emulated sidecar.
            services.RemoveAll<DaprClient>();
            services.AddSingleton(_ => new DaprClientBuilder().UseHttpEndpoint(sidecar.HttpEndpoint).UseGrpcEndpoint(sidecar.GrpcEndpoint).Build());
            services.AddSingleton(sp => new InterleavingStateStore(ActivatorUtilities.CreateInstance<DaprIncidentsStateStore>(sp)));
            services.RemoveAll<IIncidentsStateStore>();
            services.RemoveAll<IOccurrencePublisher>();
            services.AddSingleton<IIncidentsStateStore>(sp => sp.GetRequiredService<InterleavingStateStore>());
            services.AddSingleton<IOccurrencePublisher>(Publisher);
        });
    }

    /// <summary>Every client calls the incidents API as the holder of the test projects' auth token.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.WithProjectToken();
    }
}
