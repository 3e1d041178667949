using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Processor.Tests.Subscriptions;

/// <summary>The processor app with its monitor actors replaced by <see cref="RecordingTurns"/>.</summary>
public sealed class SubscriptionFactory : WebApplicationFactory<Program>
{
    public RecordingTurns Turns { get; } = new();

    public int MaxConcurrentMonitors { get; init; } = 4;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Processor:MaxConcurrentMonitors", MaxConcurrentMonitors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IMonitorTurns>();
            services.AddSingleton<IMonitorTurns>(Turns);
        });
    }
}
