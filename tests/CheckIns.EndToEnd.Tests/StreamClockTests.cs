using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Missed and timeout decisions follow the stream clock, the ingest time up to which the processor has read every
/// check-in (SEMANTICS R87–R89), not the wall clock: a processor behind its topic, or an ingest that is down, makes
/// decisions wait instead of marking on-time jobs missed. The wall clock is the shared fake one; ingest's pulses run on it.
/// </summary>
public sealed class StreamClockTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Pulses_move_the_clock_on_every_partition_and_create_nothing()
    {
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(3));

        var view = await _suite.StreamClockViewAsync();
        Assert.True(view.GetProperty("enabled").GetBoolean());
        Assert.Equal(CheckInsSuite.T0 + TimeSpan.FromMinutes(3), view.GetProperty("clock").GetDateTimeOffset());
        Assert.Equal(0, view.GetProperty("lag_seconds").GetDouble());
        // The emulator's topics have 8 partitions: the pulse's keys reached them all, so the slowest is a pulse's.
        Assert.Equal(8, view.GetProperty("partitions").GetArrayLength());

        // R21: a pulse is no check-in: no monitor, no processing error, nothing dead-lettered.
        using var monitors = await _suite.ProcessorClient.GetAsync(new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        monitors.EnsureSuccessStatusCode();
        var list = await monitors.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("clock-pulse", list, StringComparison.Ordinal);
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter));
        using var zero = await _suite.ProcessorClient.GetAsync(new Uri("/v1/projects/0/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, zero.StatusCode);
        Assert.Empty(_suite.StatusEvents());
    }

    [Fact]
    public async Task An_on_time_check_in_held_in_the_queue_across_the_deadline_is_not_missed()
    {
        await _suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await _suite.AdvanceAsync(At(10, 59) - _suite.Time.GetUtcNow());

        // The processor stops reading its topic; the 11:00 run checks in on time, ingest accepts it.
        _suite.Env.HoldDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        _suite.Time.Advance(At(11, 0) - _suite.Time.GetUtcNow());
        await _suite.CheckInAsync("hourly-sync", "ok");

        // 11:05 passes on the wall clock: the deadline's reminder fires, but the clock is still at 10:59.
        _suite.Time.Advance(At(11, 10) - _suite.Time.GetUtcNow());
        await _suite.WaitForIdleAsync();
        var waiting = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("ok", waiting.GetProperty("status").GetString());
        Assert.Single(waiting.GetProperty("recent_checkins").EnumerateArray());
        var lagging = await _suite.StreamClockViewAsync();
        Assert.True(lagging.GetProperty("clock").GetDateTimeOffset() < At(11, 0));
        Assert.True(lagging.GetProperty("lag_seconds").GetDouble() >= 10 * 60);
        Assert.True(lagging.GetProperty("waiting").GetInt32() >= 1);
        // The monitor's own read says why nothing was decided yet.
        var onMonitor = (await _suite.RequireMonitorAsync("hourly-sync")).GetProperty("stream_clock");
        Assert.Equal(lagging.GetProperty("clock").GetDateTimeOffset(), onMonitor.GetProperty("clock").GetDateTimeOffset());
        Assert.True(onMonitor.GetProperty("lag_seconds").GetDouble() >= 10 * 60);
        Assert.True(onMonitor.GetProperty("waiting").GetInt32() >= 1);

        _suite.Env.ReleaseDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        await _suite.WaitForIdleAsync();
        await _suite.WaitForStreamClockAsync();

        var environment = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        var checkIns = environment.GetProperty("recent_checkins").EnumerateArray().ToList();
        Assert.Equal(2, checkIns.Count);
        Assert.All(checkIns, c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        Assert.Equal(At(12, 0), environment.GetProperty("next_checkin").GetDateTimeOffset());
        Assert.Empty(_suite.IssueMessages());
        Assert.Empty(await _suite.IncidentsAsync());
        Assert.Equal(0, (await _suite.StreamClockViewAsync()).GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task With_ingest_down_the_miss_waits_for_the_clock_then_is_recorded()
    {
        await _suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await _suite.AdvanceAsync(At(11, 0) - _suite.Time.GetUtcNow());

        // No pulses, no check-ins: nothing says that nothing came, so the 11:05 deadline waits.
        await _suite.Ingest.StopAsync();
        await _suite.AdvanceAsync(At(11, 10) - _suite.Time.GetUtcNow());
        var waiting = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("ok", waiting.GetProperty("status").GetString());
        Assert.Single(waiting.GetProperty("recent_checkins").EnumerateArray());
        Assert.Empty(_suite.IssueMessages());
        var stalled = await _suite.StreamClockViewAsync();
        // The last pulse before ingest stopped (the fake clock stamps overdue timers with the time it was moved to).
        Assert.True(stalled.GetProperty("clock").GetDateTimeOffset() <= At(11, 0));
        Assert.True(stalled.GetProperty("lag_seconds").GetDouble() >= 10 * 60);
        Assert.Equal(1, stalled.GetProperty("waiting").GetInt32());

        // Ingest is back: its first pulse passes 11:05, and the miss is recorded at its slot.
        await _suite.Ingest.RestartAsync(TestContext.Current.CancellationToken);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        var environment = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("error", environment.GetProperty("status").GetString());
        var missed = environment.GetProperty("recent_checkins").EnumerateArray().First();
        Assert.Equal("missed", missed.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), missed.GetProperty("expected_time").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Object, environment.GetProperty("active_incident").ValueKind);
        Assert.Single(_suite.Occurrences());
        Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=hourly-sync"));
    }

    [Fact]
    public async Task A_job_that_closed_in_time_behind_a_lag_is_not_timed_out()
    {
        const string config = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":10}""";
        var id = Guid.NewGuid();
        await _suite.CheckInAsync("long-import", "in_progress", config, id);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(5));

        _suite.Env.HoldDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        _suite.Time.Advance(TimeSpan.FromMinutes(3));
        await _suite.CheckInAsync("long-import", "ok", checkInId: id);

        // The wait's timer fires at 10:10 on the wall clock; the closing check-in is still queued.
        _suite.Time.Advance(At(10, 15) - _suite.Time.GetUtcNow());
        await _suite.WaitForIdleAsync();
        var running = (await _suite.EnvironmentAsync("long-import")).GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        Assert.Empty(_suite.IssueMessages());

        _suite.Env.ReleaseDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        await _suite.WaitForIdleAsync();
        await _suite.WaitForStreamClockAsync();

        var environment = await _suite.EnvironmentAsync("long-import");
        var closed = environment.GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal("ok", closed.GetProperty("status").GetString());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Empty(_suite.IssueMessages());
    }

    [Fact]
    public async Task With_ingest_down_a_timeout_waits_for_the_clock_then_is_recorded()
    {
        const string config = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":10}""";
        var id = Guid.NewGuid();
        await _suite.CheckInAsync("long-import", "in_progress", config, id);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(5));

        await _suite.Ingest.StopAsync();
        await _suite.AdvanceAsync(At(10, 20) - _suite.Time.GetUtcNow());
        Assert.Equal("in_progress", (await _suite.EnvironmentAsync("long-import")).GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Empty(_suite.IssueMessages());

        await _suite.Ingest.RestartAsync(TestContext.Current.CancellationToken);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        var environment = await _suite.EnvironmentAsync("long-import");
        var timedOut = environment.GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal(id, Guid.Parse(timedOut.GetProperty("id").GetString()!));
        Assert.Equal("timeout", timedOut.GetProperty("status").GetString());
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Single(_suite.Occurrences());
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);
}
