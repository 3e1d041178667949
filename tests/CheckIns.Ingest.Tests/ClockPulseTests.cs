using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;
using CheckIns.Ingest.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CheckIns.Ingest.Tests;

/// <summary>Ingest's clock pulse (SEMANTICS R15, R89): at start and on the minute, under every partition key, on the TimeProvider.</summary>
public sealed class ClockPulseTests
{
    [Fact]
    public async Task A_pulse_goes_out_at_start_and_on_each_minute_under_every_partition_key_and_a_failed_one_is_not_retried()
    {
        await using var factory = new IngestAppFactory(new Dictionary<string, string?> { ["Ingest:ClockPulseIntervalSeconds"] = "60", ["Ingest:ClockPulsePartitionKeys"] = "8" });
        using var client = factory.CreateClient(); // starts the app
        var pulses = factory.Services.GetRequiredService<ClockPulsePublisher>();

        await WaitUntilAsync(() => factory.Publisher.Published.Count == 8);
        Assert.All(factory.Publisher.Published, p => Assert.Equal(IngestAppFactory.Now, p.ReceivedAt));

        factory.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(8, factory.Publisher.Published.Count);
        Assert.Equal(IngestAppFactory.Now, pulses.LastStamped);

        factory.Time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => factory.Publisher.Published.Count == 16);
        var minute = factory.Publisher.Published.Skip(8).ToList();
        Assert.All(minute, p => Assert.True(p.IsClockPulse));
        Assert.All(minute, p => Assert.Equal(IngestAppFactory.Now.AddMinutes(1), p.ReceivedAt));
        Assert.Equal(8, minute.Select(p => p.MonitorKey).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(8, minute.Select(p => p.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(IngestAppFactory.Now.AddMinutes(1), pulses.LastPublished);

        // A sidecar that refuses: the pulse is logged and dropped, the next minute's says more.
        factory.Publisher.Fail = true;
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(IngestAppFactory.Now.AddMinutes(2), pulses.LastStamped);
        Assert.Equal(IngestAppFactory.Now.AddMinutes(1), pulses.LastPublished);
        factory.Publisher.Fail = false;
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => factory.Publisher.Published.Count == 24);
        Assert.Equal(IngestAppFactory.Now.AddMinutes(3), pulses.LastPublished);
    }

    [Fact]
    public async Task An_interval_of_zero_sends_no_pulse()
    {
        await using var factory = new IngestAppFactory(new Dictionary<string, string?> { ["Ingest:ClockPulseIntervalSeconds"] = "0" });
        using var client = factory.CreateClient();

        factory.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(factory.Publisher.Published);
        Assert.Null(factory.Services.GetRequiredService<ClockPulsePublisher>().LastStamped);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
