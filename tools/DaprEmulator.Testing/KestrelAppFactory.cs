using DaprEmulator.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprEmulator.Testing;

/// <summary>Hosts an app's real Program on Kestrel (loopback), wired to its emulated sidecar and the shared clock.</summary>
internal sealed class KestrelAppFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IRunningApp
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider _time;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly Action<IWebHostBuilder>? _configureWebHost;

    public KestrelAppFactory(DaprSidecar sidecar, int port, TimeProvider time, Action<IServiceCollection>? configureServices, Action<IWebHostBuilder>? configureWebHost)
    {
        _settings = DaprAppSettings.For(sidecar, port);
        _time = time;
        _configureServices = configureServices;
        _configureWebHost = configureWebHost;
        Address = new Uri($"http://127.0.0.1:{port}");
        UseKestrel(k => k.ListenLocalhost(port));
    }

    public Uri Address { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(_time);
            _configureServices?.Invoke(services);
        });
        _configureWebHost?.Invoke(builder);
    }
}
