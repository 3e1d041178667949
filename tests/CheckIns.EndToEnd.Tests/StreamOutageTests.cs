extern alias processor;

using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StreamClockOptions = processor::CheckIns.Processor.Clock.StreamClockOptions;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// A long outage of the stream (ingest down longer than the threshold: no check-ins, no pulses) makes the misses and
/// timeouts whose deadline lies inside it unknown, without failing anything (SEMANTICS R95, R100): the check-ins that
/// would have prevented them may have been refused while ingest was down.
/// </summary>
public sealed class StreamOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(
        services => services.Configure<StreamClockOptions>(o => o.OutageThreshold = Threshold),
        TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Misses_and_timeouts_inside_a_long_outage_are_unknown_and_open_no_incident_while_a_later_miss_fails()
    {
        const string runtime = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":10}""";
        await _suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await _suite.AdvanceAsync(At(10, 58) - _suite.Time.GetUtcNow());
        var running = Guid.NewGuid();
        await _suite.CheckInAsync("long-import", "in_progress", runtime, running); // times out at 11:08
        await StepAsync(At(11, 0));

        // Ingest is down from 11:00 to 11:30: the 11:05 deadline and the 11:08 timeout lie inside.
        await _suite.Ingest.StopAsync();
        await _suite.AdvanceAsync(At(11, 30) - _suite.Time.GetUtcNow());
        await _suite.Ingest.RestartAsync(TestContext.Current.CancellationToken);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        var hourly = await _suite.EnvironmentAsync("hourly-sync");
        var unknown = hourly.GetProperty("recent_checkins").EnumerateArray().First();
        Assert.Equal("unknown", unknown.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), unknown.GetProperty("expected_time").GetDateTimeOffset());
        Assert.Equal("ok", hourly.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, hourly.GetProperty("active_incident").ValueKind);
        Assert.Equal(At(12, 0), hourly.GetProperty("next_checkin").GetDateTimeOffset());
        var import = await _suite.EnvironmentAsync("long-import");
        var job = import.GetProperty("recent_checkins").EnumerateArray().Single(c => Guid.Parse(c.GetProperty("id").GetString()!) == running);
        Assert.Equal("unknown", job.GetProperty("status").GetString()); // R95: not timeout
        Assert.Empty(_suite.IssueMessages());
        Assert.Empty(await _suite.IncidentsAsync());
        var outage = Assert.Single((await _suite.StreamClockViewAsync()).GetProperty("outages").EnumerateArray(), o => o.GetProperty("from").GetDateTimeOffset() == At(11, 0));
        Assert.Equal(At(11, 30), outage.GetProperty("to").GetDateTimeOffset()); // the restarted ingest's first pulse

        // With the pulses flowing minute by minute again, the 12:05 deadline is an ordinary miss.
        await StepAsync(At(12, 6));
        var missed = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("missed", missed.GetProperty("recent_checkins").EnumerateArray().First().GetProperty("status").GetString());
        Assert.Equal("error", missed.GetProperty("status").GetString());
        Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=hourly-sync"));
    }

    /// <summary>Minute by minute, as the wall clock runs, so that every minute has its pulse and no step looks like an outage.</summary>
    private async Task StepAsync(DateTimeOffset until)
    {
        while (_suite.Time.GetUtcNow() < until)
        {
            var step = until - _suite.Time.GetUtcNow();
            await _suite.AdvanceAsync(step < TimeSpan.FromMinutes(1) ? step : TimeSpan.FromMinutes(1));
        }
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);
}
