using CheckIns.Processor.Clock;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Processor.Tests.Subscriptions;

/// <summary>The processor app with its check-in workflows replaced by <see cref="RecordingRunner"/>.</summary>
public sealed class SubscriptionFactory : WebApplicationFactory<Program>
{
    public RecordingRunner Turns { get; } = new();

    public RecordingStreamClock Clock { get; } = new();

    public int MaxConcurrentMonitors { get; init; } = 4;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Processor:MaxConcurrentMonitors", MaxConcurrentMonitors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ICheckInRunner>();
            services.AddSingleton<ICheckInRunner>(Turns);
            services.RemoveAll<IStreamClock>();
            services.AddSingleton<IStreamClock>(Clock);
        });
    }
}
