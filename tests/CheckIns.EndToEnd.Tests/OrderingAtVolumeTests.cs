using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.EndToEnd.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.EndToEnd.Tests;

/// <summary>Many monitors' check-ins sent at once, interleaved, keep each monitor's order and lose nothing.</summary>
public sealed class OrderingAtVolumeTests : IAsyncLifetime
{
    private const int Monitors = 50;
    private const int CheckInsPerMonitor = 40;

    private CheckInsSuite _suite = null!;

    // All check-ins are sent at one instant of the fake clock, so the rate limit (6 per monitor environment per
    // minute, R28) is raised through the processor's engine options rather than by moving the clock.
    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(
        services =>
        {
            services.RemoveAll<EngineOptions>();
            services.AddSingleton(EngineOptions.Default with { RateLimitPerMinute = 1_000 });
        },
        TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Two_thousand_check_ins_for_fifty_monitors_sent_concurrently_end_in_send_order_per_monitor()
    {
        // 40 check-ins per monitor, under the 50 recent check-ins an environment keeps
        // (EngineOptions.RecentCheckInsPerEnvironment), so the whole history is visible and compared.
        Assert.True(CheckInsPerMonitor < EngineOptions.Default.RecentCheckInsPerEnvironment);
        var sent = Enumerable.Range(0, Monitors).ToDictionary(
            m => $"volume-{m:D2}",
            _ => Enumerable.Range(0, CheckInsPerMonitor).Select(_ => Guid.NewGuid()).ToArray());

        // One sender per monitor, all at once: each sends its monitor's check-ins one after the other (its order),
        // while the monitors interleave freely on the wire, in ingest and on the topic's partitions.
        await Task.WhenAll(sent.Select(pair => Task.Run(async () =>
        {
            for (var i = 0; i < pair.Value.Length; i++)
            {
                await _suite.CheckInAsync(pair.Key, i % 5 == 4 ? "error" : "ok", i == 0 ? CheckInJson.Hourly : null, pair.Value[i]);
            }
        })));
        await _suite.WaitForIdleAsync();

        Assert.Equal(Monitors * CheckInsPerMonitor, _suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors).Count);
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter));
        var listed = await _suite.ProcessorClient.GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), listed.EnumerateArray().Select(m => m.GetProperty("slug").GetString()!).Order(StringComparer.Ordinal));
        foreach (var (slug, ids) in sent)
        {
            var monitor = await _suite.RequireMonitorAsync(slug);
            Assert.Equal(0, monitor.GetProperty("processing_errors").GetArrayLength());
            var environment = Assert.Single(monitor.GetProperty("environments").EnumerateArray());
            var kept = environment.GetProperty("recent_checkins").EnumerateArray()
                .Select(c => Guid.Parse(c.GetProperty("id").GetString()!))
                .Reverse() // the API lists the newest first
                .ToArray();
            Assert.Equal(ids, kept);
        }
    }
}
