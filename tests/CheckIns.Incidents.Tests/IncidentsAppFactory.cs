using CheckIns.Incidents.Dapr;
using CheckIns.Incidents.Tests.Fakes;
using CheckIns.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Incidents.Tests;

/// <summary>
/// The incidents app in memory, with its two Dapr-facing parts (state store, publisher) replaced by fakes; the
/// sidecar's deliveries are played by posting CloudEvents to the subscription route, as daprd does.
/// </summary>
public sealed class IncidentsAppFactory : WebApplicationFactory<Program>
{
    public InMemoryStateStore Store { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    /// <summary>Where the Dapr sidecar health check looks; by default a port nobody listens on.</summary>
    public string DaprHttpEndpoint { get; set; } = "http://127.0.0.1:9";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DAPR_HTTP_ENDPOINT", DaprHttpEndpoint);
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        TestTokens.Configure(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IIncidentsStateStore>();
            services.RemoveAll<IOccurrencePublisher>();
            services.AddSingleton<IIncidentsStateStore>(Store);
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
