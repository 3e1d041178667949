using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;
using Sentry;

namespace CheckIns.EndToEnd.Tests;

/// <summary>The real Sentry .NET SDK, pointed at the ingest app with a DSN, drives a monitor through the suite.</summary>
public sealed class SentrySdkTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task The_sentry_sdk_creates_the_monitor_with_its_schedule_and_records_in_progress_then_ok()
    {
        var dsn = $"http://{CheckInsSuite.PublicKey}@127.0.0.1:{_suite.Ingest.Port}/{CheckInsSuite.ProjectId}";
        using (SentrySdk.Init(o =>
        {
            o.Dsn = dsn;
            o.Environment = "production";
            o.Release = "e2e@1.0.0";
            // Only what the test needs: no sessions, no client reports, no process-wide hooks left behind.
            o.AutoSessionTracking = false;
            o.SendClientReports = false;
            o.IsGlobalModeEnabled = true;
            o.DisableAppDomainUnhandledExceptionCapture();
            o.DisableUnobservedTaskExceptionCapture();
            o.DisableDiagnosticSourceIntegration();
            o.DisableSystemDiagnosticsMetricsIntegration();
            o.CacheDirectoryPath = null;
        }))
        {
            var id = SentrySdk.CaptureCheckIn("sdk-nightly", CheckInStatus.InProgress, configureMonitorOptions: m =>
            {
                m.Interval("0 3 * * *");
                m.CheckInMargin = TimeSpan.FromMinutes(10);
                m.MaxRuntime = TimeSpan.FromMinutes(45);
                m.FailureIssueThreshold = 2;
                m.RecoveryThreshold = 2;
            });
            await SentrySdk.FlushAsync(TimeSpan.FromSeconds(10));
            await _suite.WaitForIdleAsync();

            var running = (await _suite.EnvironmentAsync("sdk-nightly")).GetProperty("recent_checkins").EnumerateArray().Single();
            Assert.Equal(id.ToString(), running.GetProperty("id").GetString()!.Replace("-", "", StringComparison.Ordinal));
            Assert.Equal("in_progress", running.GetProperty("status").GetString());

            await _suite.AdvanceAsync(TimeSpan.FromMinutes(2));
            SentrySdk.CaptureCheckIn("sdk-nightly", CheckInStatus.Ok, id);
            await SentrySdk.FlushAsync(TimeSpan.FromSeconds(10));
            await _suite.WaitForIdleAsync();
        }

        var monitor = await _suite.RequireMonitorAsync("sdk-nightly");
        var config = monitor.GetProperty("config");
        Assert.Equal("crontab", config.GetProperty("schedule_type").GetString());
        Assert.Equal("0 3 * * *", config.GetProperty("schedule").GetString());
        Assert.Equal(10, config.GetProperty("checkin_margin").GetInt32());
        Assert.Equal(45, config.GetProperty("max_runtime").GetInt32());
        Assert.Equal(2, config.GetProperty("failure_issue_threshold").GetInt32());
        Assert.Equal(2, config.GetProperty("recovery_threshold").GetInt32());
        var environment = Assert.Single(monitor.GetProperty("environments").EnumerateArray());
        Assert.Equal("production", environment.GetProperty("name").GetString());
        Assert.Equal("ok", environment.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero), environment.GetProperty("next_checkin").GetDateTimeOffset());

        // The in-progress check-in and the ok that closed it: one check-in (same id), finished after two minutes.
        var checkIn = Assert.Single(environment.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());
        Assert.Equal(CheckInsSuite.T0, checkIn.GetProperty("date_added").GetDateTimeOffset());
        Assert.Equal((int)TimeSpan.FromMinutes(2).TotalMilliseconds, checkIn.GetProperty("duration").GetInt32());
        var received = _suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors).Select(m => m.DataJson).ToList();
        Assert.Equal(["in_progress", "ok"], received.Select(m => m.GetProperty("payload").GetProperty("status").GetString()));
        Assert.All(received, m => Assert.Equal("envelope", m.GetProperty("source").GetString()));
        Assert.All(received, m => Assert.StartsWith("sentry.dotnet", m.GetProperty("sdk").GetString(), StringComparison.Ordinal));
    }
}
