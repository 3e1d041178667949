using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CheckIns.Incidents.Tests;

/// <summary>The shared service defaults, seen through the incidents app.</summary>
public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Liveness_does_not_depend_on_the_sidecar_but_readiness_does()
    {
        await using var app = new IncidentsAppFactory();
        var client = app.CreateClient();

        var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_is_healthy_once_the_sidecar_answers_its_outbound_health()
    {
        var (sidecar, address) = await FakeSidecarHealthAsync();
        await using var _ = sidecar;
        await using var app = new IncidentsAppFactory { DaprHttpEndpoint = address };
        var client = app.CreateClient();

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Serves_the_openapi_document_in_snake_case_and_the_scalar_ui()
    {
        await using var app = new IncidentsAppFactory();
        var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        var scalar = await client.GetAsync(new Uri("/scalar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/projects/{projectId}/incidents", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/healthz", out _));
        var view = document.GetProperty("components").GetProperty("schemas").GetProperty("IncidentView").GetProperty("properties");
        Assert.True(view.TryGetProperty("occurrence_count", out _));
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Time_comes_from_a_replaceable_time_provider()
    {
        await using var app = new IncidentsAppFactory();

        Assert.Same(TimeProvider.System, app.Services.GetRequiredService<TimeProvider>());
    }

    private static async Task<(WebApplication Sidecar, string Address)> FakeSidecarHealthAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var sidecar = builder.Build();
        sidecar.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        await sidecar.StartAsync(TestContext.Current.CancellationToken);
        return (sidecar, sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
