using CheckIns.Ingest.Tests.Infrastructure;
using Sentry;

namespace CheckIns.Ingest.Tests;

/// <summary>The Sentry .NET SDK itself (CLIENTS 5), pointed at the app by its DSN.</summary>
[Collection(KestrelCollection.Name)]
public sealed class SentrySdkClientTests
{
    [Fact]
    public async Task Sentry_dotnet_sdk_check_ins_arrive_as_messages()
    {
        await using var app = KestrelIngestApp.Start();
        var client = new SentryClient(new SentryOptions
        {
            Dsn = $"http://{TestProjects.Key}@{app.Host}/{TestProjects.ProjectId}",
            Release = "demo@1.2.3",
            Environment = "staging",
            AutoSessionTracking = false,
            IsGlobalModeEnabled = false,
        });

        var id = client.CaptureCheckIn("Dotnet Job", CheckInStatus.InProgress, configureMonitorOptions: monitor =>
        {
            monitor.Interval("*/5 * * * *");
            monitor.CheckInMargin = TimeSpan.FromMinutes(2);
            monitor.MaxRuntime = TimeSpan.FromMinutes(10);
        });
        await client.FlushAsync(TimeSpan.FromSeconds(10));
        client.CaptureCheckIn("Dotnet Job", CheckInStatus.Ok, id, TimeSpan.FromSeconds(1.5));
        await client.FlushAsync(TimeSpan.FromSeconds(10));

        var published = app.Publisher.Published;
        Assert.Equal(2, published.Count);
        Assert.All(published, m =>
        {
            Assert.Equal("1:dotnet-job", m.MonitorKey);
            Assert.Equal("envelope", m.Source);
            Assert.StartsWith("sentry.dotnet", m.Sdk, StringComparison.Ordinal);
            Assert.Equal(id.ToString(), m.Property("check_in_id"));
            Assert.Equal("Dotnet Job", m.Property("monitor_slug"));
            Assert.Equal("staging", m.Property("environment"));
        });
        Assert.Equal("in_progress", published[0].Property("status"));
        var config = published[0].Payload.GetProperty("monitor_config");
        Assert.Equal("*/5 * * * *", config.GetProperty("schedule").GetProperty("value").GetString());
        Assert.Equal(2, config.GetProperty("checkin_margin").GetInt32());
        Assert.Equal("ok", published[1].Property("status"));
        Assert.Equal(1.5, published[1].Payload.GetProperty("duration").GetDouble());
    }
}
