using DaprEmulator.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprEmulator.Testing;

/// <summary>An app written inside a test as a minimal WebApplication, hosted on Kestrel like a real one.</summary>
internal sealed class InlineApp(WebApplication app, Uri address) : IRunningApp
{
    public Uri Address { get; } = address;

    public IServiceProvider Services => app.Services;

    public static async Task<InlineApp> StartAsync(DaprSidecar sidecar, int port, TimeProvider time, Action<WebApplicationBuilder> configureBuilder, Action<WebApplication> configureApp, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(DaprAppSettings.For(sidecar, port));
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        configureBuilder(builder);
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton(time);
        var app = builder.Build();
        configureApp(app);
        await app.StartAsync(ct);
        return new InlineApp(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
