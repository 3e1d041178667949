using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>The rules engine's limits come from the "Processor:Engine" configuration section of the running app.</summary>
public sealed class EngineSettingsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 3)] // R28 default: 6 per minute, so all three apply
    [InlineData("2", 2)]  // configured: the third in the same ingest minute is rate-limited
    public async Task The_rate_limit_per_monitor_environment_is_read_from_configuration(string? limit, int applied)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = new FakeTimeProvider(Start),
            },
            ct);
        var processor = await env.StartAppAsync<Program>(
            AppIds.Processor,
            configureWebHost: web =>
            {
                TestTokens.Configure(web);
                if (limit is not null)
                {
                    web.UseSetting("Processor:Engine:RateLimitPerMinute", limit);
                }
            },
            ct: ct);
        var ingest = env.CreateDaprClient(AppIds.Ingest);

        await ingest.PublishCheckInsAsync(
            [
                Messages.CheckIn(1, "busy", "ok", Start, monitorConfig: Messages.CrontabConfig("* * * * *")),
                Messages.CheckIn(1, "busy", "ok", Start.AddSeconds(10)),
                Messages.CheckIn(1, "busy", "ok", Start.AddSeconds(20)),
            ],
            ct);
        await env.WaitForIdleAsync(ct);

        using var http = processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync("/v1/projects/1/monitors/busy", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var monitor = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(applied, monitor.GetProperty("environments")[0].GetProperty("recent_checkins").GetArrayLength());
        var rateLimited = monitor.GetProperty("processing_errors").EnumerateArray()
            .SelectMany(e => e.GetProperty("errors").EnumerateArray())
            .Count(e => e.GetProperty("type").GetInt32() == 14 && e.GetProperty("name").GetString() == "MONITOR_ENVIRONMENT_RATELIMITED");
        Assert.Equal(3 - applied, rateLimited);
    }
}
