using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Missed and timed-out jobs are found by the monitor actor's reminders when the shared fake clock passes their
/// deadline; nothing sleeps.
/// </summary>
public sealed class DeadlineTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_check_in_that_does_not_come_by_the_margin_is_marked_missed_and_opens_an_incident()
    {
        await _suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        // Expected at 11:00, late after 11:05 (5 minutes' margin): just before that nothing has happened.
        await _suite.AdvanceAsync(At(11, 4) - _suite.Time.GetUtcNow());
        var waiting = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("ok", waiting.GetProperty("status").GetString());
        Assert.Single(waiting.GetProperty("recent_checkins").EnumerateArray());
        Assert.Empty(_suite.IssueMessages());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(2));

        var environment = await _suite.EnvironmentAsync("hourly-sync");
        Assert.Equal("error", environment.GetProperty("status").GetString());
        var missed = environment.GetProperty("recent_checkins").EnumerateArray().First();
        Assert.Equal("missed", missed.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), missed.GetProperty("expected_time").GetDateTimeOffset()); // R45: the missed slot
        Assert.Equal(JsonValueKind.Object, environment.GetProperty("active_incident").ValueKind);
        Assert.Equal(At(12, 0), environment.GetProperty("next_checkin").GetDateTimeOffset());
        Assert.Single(_suite.Occurrences());
        var issue = Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=hourly-sync"));
        Assert.Contains("missed", issue.GetProperty("failure_reason").GetString(), StringComparison.OrdinalIgnoreCase); // R119
    }

    [Fact]
    public async Task A_running_check_in_past_its_max_runtime_is_marked_timed_out()
    {
        const string config = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":10}""";
        var id = Guid.NewGuid();
        await _suite.CheckInAsync("long-import", "in_progress", config, id);
        await _suite.WaitForIdleAsync();

        var running = (await _suite.EnvironmentAsync("long-import")).GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        // Started at 10:00:30: the timeout counts from the minute it started (R52), 10 minutes of max_runtime.
        Assert.Equal(At(10, 10), running.GetProperty("timeout_at").GetDateTimeOffset());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Equal("in_progress", (await _suite.EnvironmentAsync("long-import")).GetProperty("recent_checkins")[0].GetProperty("status").GetString());
        Assert.Empty(_suite.IssueMessages());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        var environment = await _suite.EnvironmentAsync("long-import");
        var timedOut = environment.GetProperty("recent_checkins").EnumerateArray().Single();
        Assert.Equal(id, Guid.Parse(timedOut.GetProperty("id").GetString()!));
        Assert.Equal("timeout", timedOut.GetProperty("status").GetString());
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Single(_suite.Occurrences());
        var issue = Assert.Single(await _suite.IncidentsAsync("?status=open&monitor=long-import"));
        Assert.Contains("timeout", issue.GetProperty("failure_reason").GetString(), StringComparison.OrdinalIgnoreCase); // R119
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);
}
