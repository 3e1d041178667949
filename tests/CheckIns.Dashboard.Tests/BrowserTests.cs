using CheckIns.Dashboard.Tests.Support;
using CheckIns.EndToEnd.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheckIns.Dashboard.Tests;

/// <summary>
/// The dashboard in a real headless Chromium on the emulated suite: what a user sees while check-ins arrive, time
/// passes (FakeTimeProvider) and they click. The page's own refresh brings changes in; no test reloads to see them.
/// </summary>
public sealed class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    // Light-scheme badge colours of app.css, as the browser computes them.
    private const string Green = "rgb(26, 127, 55)";
    private const string Red = "rgb(207, 34, 46)";
    private const string MissedRed = "rgb(164, 14, 38)";

    private DashboardSuite _dashboard = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        _dashboard = await DashboardSuite.StartAsync();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _dashboard.BaseAddress.ToString(), ColorScheme = ColorScheme.Light });
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _dashboard.DisposeAsync();
    }

    private CheckInsSuite Suite => _dashboard.Suite;

    [Fact]
    public async Task A_new_monitor_appears_green_and_its_error_turns_it_red_with_an_open_incident_without_a_reload()
    {
        await OpenAsync("/");
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Monitors of project 42" })).ToBeVisibleAsync();

        await Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await Suite.WaitForIdleAsync();
        var row = _page.Locator("tr[data-monitor='nightly-report'][data-environment='production']");
        await Expect(row).ToHaveAttributeAsync("data-status", "ok");
        await Expect(row.Locator(".badge").First).ToHaveTextAsync("ok");
        await Expect(row.Locator(".badge").First).ToHaveCSSAsync("background-color", Green);
        await Expect(row.Locator(".tick.s-ok")).ToHaveCountAsync(1);

        await Suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Suite.CheckInAsync("nightly-report", "error");
        await Suite.WaitForIdleAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "error");
        await Expect(row.Locator(".badge").First).ToHaveTextAsync("error");
        await Expect(row.Locator(".badge").First).ToHaveCSSAsync("background-color", Red);
        await Expect(row.Locator(".tick.s-error")).ToHaveCountAsync(1);
        await Expect(_page.Locator(".incidents li")).ToContainTextAsync("nightly-report in production");
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__stillTheSamePage === true"), "the page reloaded");

        await _page.GetByRole(AriaRole.Link, new() { Name = "nightly-report" }).First.ClickAsync();
        await Expect(_page.Locator("tr[data-incident='open']")).ToHaveCountAsync(1);
        await Expect(_page.Locator("section[data-environment='production']")).ToHaveAttributeAsync("data-status", "error");
    }

    [Fact]
    public async Task Muting_from_the_monitor_page_mutes_it_in_the_processor_and_its_next_failure_publishes_no_occurrence()
    {
        await Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await Suite.WaitForIdleAsync();
        await OpenAsync("/monitors/nightly-report");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Mute monitor" }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Unmute monitor" })).ToBeVisibleAsync();
        await Expect(_page.GetByText("Done: the processor applied the change.")).ToBeVisibleAsync();
        Assert.True((await Suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());

        await Suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Suite.CheckInAsync("nightly-report", "error");
        await Suite.WaitForIdleAsync();
        Assert.Empty(Suite.Occurrences()); // D16: a muted monitor's failure opens no issue
        await Expect(_page.Locator("section[data-environment='production']")).ToHaveAttributeAsync("data-status", "muted");
        await Expect(_page.Locator("section[data-environment='production'] .tick.s-error")).ToHaveCountAsync(1);

        await _page.GetByRole(AriaRole.Button, new() { Name = "Unmute monitor" }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Mute monitor" })).ToBeVisibleAsync();
        Assert.False((await Suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());
    }

    [Fact]
    public async Task Disabling_an_environment_from_the_page_disables_it_in_the_processor()
    {
        await Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await Suite.WaitForIdleAsync();
        await OpenAsync("/monitors/nightly-report");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Disable production" }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Enable production" })).ToBeVisibleAsync();
        await Expect(_page.Locator("section[data-environment='production']")).ToHaveAttributeAsync("data-status", "disabled");
        Assert.Equal("disabled", (await Suite.EnvironmentAsync("nightly-report")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_missed_check_in_turns_the_timeline_red_once_time_is_advanced()
    {
        await Suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await Suite.WaitForIdleAsync();
        await OpenAsync("/monitors/hourly-sync");
        var environment = _page.Locator("section[data-environment='production']");
        await Expect(environment).ToHaveAttributeAsync("data-status", "ok");
        await Expect(environment.Locator(".tick.s-missed")).ToHaveCountAsync(0);

        // Expected at 11:00, late after 11:05 (R40): at 11:06 the processor has marked it missed.
        await Suite.AdvanceAsync(new DateTimeOffset(2026, 3, 2, 11, 6, 0, TimeSpan.Zero) - Suite.Time.GetUtcNow());

        await Expect(environment).ToHaveAttributeAsync("data-status", "missed");
        var tick = environment.Locator(".tick.s-missed");
        await Expect(tick).ToHaveCountAsync(1);
        await Expect(tick).ToHaveCSSAsync("background-color", MissedRed);
        await Expect(tick).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^missed, "));
        Assert.True(await _page.EvaluateAsync<bool>("() => window.__stillTheSamePage === true"), "the page reloaded");
    }

    [Fact]
    public async Task When_the_processor_stops_answering_the_open_page_says_it_is_down_and_recovers_when_it_is_back()
    {
        await Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await Suite.WaitForIdleAsync();
        await OpenAsync("/");
        await Expect(_page.Locator("tr[data-monitor='nightly-report']")).ToHaveCountAsync(1);

        await Suite.Env.StopAppAsync(CheckIns.Contracts.AppIds.Processor);
        await Expect(_page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "processor is down" })).ToBeVisibleAsync();

        await Suite.Env.RestartAppAsync(CheckIns.Contracts.AppIds.Processor, TestContext.Current.CancellationToken);
        await Expect(_page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "processor is down" })).ToHaveCountAsync(0);
        await Expect(_page.Locator("tr[data-monitor='nightly-report']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task When_the_dashboard_itself_stops_answering_the_open_page_says_its_data_is_stale()
    {
        await OpenAsync("/");
        await _dashboard.Dashboard.StopAsync();
        await Expect(_page.Locator("#freshness")).ToContainTextAsync("Stale: the dashboard does not answer");
    }

    [Fact]
    public async Task A_screenshot_of_the_overview_for_the_readme()
    {
        await Suite.CheckInAsync("nightly-report", "ok", """{"schedule":"0 3 * * *","schedule_type":"crontab","timezone":"Europe/Berlin","checkin_margin":5,"max_runtime":30}""");
        await Suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly);
        await Suite.CheckInAsync("billing-export", "ok", CheckInJson.Hourly);
        await Suite.CheckInAsync("cache-warmup", "in_progress", CheckInJson.Hourly);
        await Suite.CheckInAsync("hourly-sync", "ok", CheckInJson.Hourly, environment: "staging");
        await Suite.CheckInAsync("no-such-job", "ok");
        await Suite.WaitForIdleAsync();
        for (var i = 0; i < 4; i++)
        {
            await Suite.AdvanceAsync(TimeSpan.FromMinutes(2));
            await Suite.CheckInAsync("billing-export", i % 2 == 0 ? "ok" : "error");
            await Suite.CheckInAsync("hourly-sync", "ok");
        }

        await Suite.WaitForIdleAsync();
        await _page.SetViewportSizeAsync(1280, 820);
        await OpenAsync("/");
        await Expect(_page.Locator("tr[data-monitor='billing-export']")).ToHaveAttributeAsync("data-status", "error");

        var png = await _page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        Assert.Equal((byte)0x89, png[0]);
        // UPDATE_DASHBOARD_SCREENSHOT=1 writes it where the README shows it; otherwise it stays with the test output.
        var target = Environment.GetEnvironmentVariable("UPDATE_DASHBOARD_SCREENSHOT") == "1"
            ? DaprEmulator.Testing.RepositoryRoot.PathOf("docs/dashboard.png")
            : Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target, png, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_overview_and_the_monitor_page_have_no_serious_accessibility_violation(string scheme)
    {
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await Suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await Suite.CheckInAsync("backup", "error", CheckInJson.Hourly);
        await Suite.CheckInAsync("no-such-job", "ok");
        await Suite.WaitForIdleAsync();

        foreach (var path in new[] { "/", "/monitors/backup" })
        {
            await OpenAsync(path);
            var result = await _page.RunAxe();
            Assert.NotEmpty(result.Passes); // axe did run its rules on the page
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} ({scheme}): " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        }
    }

    private async Task OpenAsync(string path)
    {
        await _page.GotoAsync(path);
        // A mark that a reload would wipe: the tests see changes come in through the page's own refresh.
        await _page.EvaluateAsync("() => { window.__stillTheSamePage = true; }");
    }
}
