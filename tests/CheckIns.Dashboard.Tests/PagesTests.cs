using System.Net;
using CheckIns.Dashboard.Tests.Support;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.Dashboard.Tests;

/// <summary>
/// The pages as plain HTML, as a reader without JavaScript gets them, on a local (Development) run that signs in by
/// itself with the development credential.
/// </summary>
public sealed class PagesTests : IAsyncLifetime
{
    private DashboardSuite _dashboard = null!;
    private DashboardHttp _http = null!;

    public async ValueTask InitializeAsync()
    {
        _dashboard = await DashboardSuite.StartAsync();
        _http = new DashboardHttp(_dashboard.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task The_local_run_signs_in_by_itself_and_lists_the_monitor_with_its_status_in_words()
    {
        await _dashboard.Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await _dashboard.Suite.WaitForIdleAsync();

        var html = await PageAsync("/");
        Assert.Contains("Monitors of project 42", html, StringComparison.Ordinal);
        Assert.Contains("data-monitor=\"nightly-report\" data-environment=\"production\" data-status=\"ok\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge s-ok\">ok</span>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"tick s-ok\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monitor_page_says_the_config_in_words()
    {
        const string config = """{"schedule":"0 3 * * *","schedule_type":"crontab","timezone":"Europe/Berlin","checkin_margin":5,"max_runtime":30}""";
        await _dashboard.Suite.CheckInAsync("nightly-report", "ok", config);
        await _dashboard.Suite.WaitForIdleAsync();

        var html = await PageAsync("/monitors/nightly-report");
        Assert.Contains("every day at 03:00 Europe/Berlin, 5 min margin, 30 min max runtime", html, StringComparison.Ordinal);
        // The check-in's time in the monitor's zone on hover: 10:00:30 UTC is 11:00:30 in Berlin in March.
        Assert.Contains("title=\"2026-03-02 11:00:30 Europe/Berlin\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_says_how_far_the_stream_clock_is_behind_while_a_miss_waits_for_it()
    {
        var suite = _dashboard.Suite;
        await suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await suite.AdvanceAsync(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero) - suite.Time.GetUtcNow());
        Assert.Contains("Check-ins read up to", await PageAsync("/"), StringComparison.Ordinal);

        // Ingest is down across the 11:05 deadline: no pulse moves the clock, so the miss waits (issue: stream clock).
        var lastPulse = await suite.StreamClockAsync();
        await suite.Ingest.StopAsync();
        await suite.AdvanceAsync(new DateTimeOffset(2026, 3, 2, 11, 10, 0, TimeSpan.Zero) - suite.Time.GetUtcNow());

        var html = await PageAsync("/");
        var behind = (int)(suite.Time.GetUtcNow() - lastPulse!.Value).TotalMinutes;
        Assert.Contains($"Check-ins are read {behind} min behind:", html, StringComparison.Ordinal);
        Assert.Contains("(1 waiting)", html, StringComparison.Ordinal);
        Assert.Contains("data-monitor=\"hourly-sync\" data-environment=\"production\" data-status=\"ok\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_in_for_an_unknown_monitor_is_listed_among_the_project_s_processing_errors()
    {
        await _dashboard.Suite.CheckInAsync("no-such-job", "ok");
        await _dashboard.Suite.WaitForIdleAsync();

        var html = await PageAsync("/");
        Assert.Contains("no-such-job (no such monitor)", html, StringComparison.Ordinal);
        Assert.Contains("MONITOR_NOT_FOUND", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_keep_only_the_matching_monitors()
    {
        await _dashboard.Suite.CheckInAsync("backup-db", "ok", CheckInJson.Hourly);
        await _dashboard.Suite.CheckInAsync("report", "error", CheckInJson.Hourly);
        await _dashboard.Suite.CheckInAsync("staging-job", "ok", CheckInJson.Hourly, environment: "staging");
        await _dashboard.Suite.WaitForIdleAsync();

        var failing = await PageAsync("/?status=failing");
        Assert.Contains("data-monitor=\"report\"", failing, StringComparison.Ordinal);
        Assert.DoesNotContain("data-monitor=\"backup-db\"", failing, StringComparison.Ordinal);

        var search = await PageAsync("/?q=backup");
        Assert.Contains("data-monitor=\"backup-db\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain("data-monitor=\"report\"", search, StringComparison.Ordinal);

        var staging = await PageAsync("/?environment=staging");
        Assert.Contains("data-monitor=\"staging-job\"", staging, StringComparison.Ordinal);
        Assert.DoesNotContain("data-monitor=\"backup-db\"", staging, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_posted_without_the_page_s_antiforgery_token_is_refused_and_changes_nothing()
    {
        await _dashboard.Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await _dashboard.Suite.WaitForIdleAsync();
        _ = await PageAsync("/"); // signed in, as a browser that opened the page

        using var forged = await _http.PostFormAsync("/monitors/nightly-report/mute", [new("muted", "true")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False((await _dashboard.Suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());

        var page = await PageAsync("/monitors/nightly-report");
        using var real = await _http.PostFormAsync("/monitors/nightly-report/mute", [FormFields.AntiforgeryOf(page), new("muted", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("/monitors/nightly-report?notice=applied", real.Headers.Location!.OriginalString);
        Assert.True((await _dashboard.Suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());
    }

    [Fact]
    public async Task When_the_processor_is_down_the_page_says_so()
    {
        await _dashboard.Suite.Env.StopAppAsync(CheckIns.Contracts.AppIds.Processor);

        var html = await PageAsync("/");
        Assert.Contains("processor is down", html, StringComparison.Ordinal);
        var fragment = await PageAsync("/fragments/overview");
        Assert.Contains("processor is down", fragment, StringComparison.Ordinal);
    }

    private async Task<string> PageAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

}

/// <summary>Pages of the overview, with a page size small enough to see the second page.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private DashboardSuite _dashboard = null!;
    private DashboardHttp _http = null!;

    public async ValueTask InitializeAsync()
    {
        _dashboard = await DashboardSuite.StartAsync(settings: new Dictionary<string, string?> { ["Dashboard:PageSize"] = "2" });
        _http = new DashboardHttp(_dashboard.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task Monitors_come_in_pages_with_the_failing_one_first()
    {
        await _dashboard.Suite.CheckInAsync("a-job", "ok", CheckInJson.Hourly);
        await _dashboard.Suite.CheckInAsync("b-job", "ok", CheckInJson.Hourly);
        await _dashboard.Suite.CheckInAsync("z-job", "error", CheckInJson.Hourly);
        await _dashboard.Suite.WaitForIdleAsync();

        var first = await _http.TextAsync("/");
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        Assert.True(first.IndexOf("data-monitor=\"z-job\"", StringComparison.Ordinal) < first.IndexOf("data-monitor=\"a-job\"", StringComparison.Ordinal));
        Assert.DoesNotContain("data-monitor=\"b-job\"", first, StringComparison.Ordinal);

        var second = await _http.TextAsync("/?page=2");
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);
        Assert.Contains("data-monitor=\"b-job\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("data-monitor=\"a-job\"", second, StringComparison.Ordinal);
    }
}
