using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprEmulator.Core;
using DaprEmulator.Testing;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary>
/// The local run as a user starts it (the runner, the three apps as processes, the repository's components), on the
/// real clock: a crashed processor is restarted and applies every check-in ingest accepted meanwhile; a restart of
/// the whole run keeps monitors, incidents and pending deadlines (a missed check-in is found after it, and a check-in
/// left running times out through its workflow).
/// </summary>
public sealed class LocalRunDurabilityTests : IDisposable
{
    private const long Project = 1; // the Development settings' project, key "publickey"
    private const string DevelopmentDsn = "DSN http://publickey@localhost:5101/1";
    private const string DevelopmentToken = "dev-project-1-token";
    private const string Daily = """{"schedule":{"type":"crontab","value":"0 3 * * *"},"checkin_margin":5}""";
    private const string DailyWithMaxRuntime = """{"schedule":{"type":"crontab","value":"0 3 * * *"},"checkin_margin":5,"max_runtime":1}""";
    private const string Running = "runtime"; // left in progress across the restart: only its workflow's timer can time it out
    private const string EveryMinute = """{"schedule":{"type":"interval","value":1,"unit":"minute"},"checkin_margin":1}""";
    private const int Monitors = 40;
    private const int FailingMonitors = 3;
    private const int CheckInsPerMonitor = 5; // under the rate limit of 6 a minute per monitor environment (D8), so none is refused
    private static readonly TimeSpan s_start = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_pulseInterval = TimeSpan.FromMinutes(1); // Ingest:ClockPulseIntervalSeconds' default

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "checkins-local-run", Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, int> _ports = [];

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_killed_processor_is_restarted_and_applies_every_accepted_check_in_and_a_restart_keeps_monitors_incidents_and_deadlines()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGTERM");
        var ct = TestContext.Current.CancellationToken;
        var runFile = WriteRunFile();
        var watch = Stopwatch.StartNew();

        IReadOnlyList<string> monitorsBefore;
        IReadOnlyList<string> incidentsBefore;
        DateTimeOffset deadline;
        using (var runner = RunnerProcess.Start(runFile))
        {
            await runner.WaitForLineAsync("all apps are running", s_start, ct);
            Assert.Contains(runner.Lines, l => l.Contains($"keeping state, messages, reminders and workflows in {Path.Combine(_folder, ".dapr-emulator")}", StringComparison.Ordinal));

            // Post check-ins from 4 clients; kill -9 the processor once a quarter of them are in, and keep posting.
            var accepted = new ConcurrentDictionary<string, int>();
            var refused = new ConcurrentQueue<string>();
            var sent = 0;
            var killedAfter = -1;
            var acceptedWhileDown = 0;
            var processorDown = 0;
            var processor = runner.ProcessIdOf("processor");
            var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(
                async () =>
                {
                    int n;
                    while ((n = Interlocked.Increment(ref sent)) <= Monitors * CheckInsPerMonitor)
                    {
                        if (n == Monitors * CheckInsPerMonitor / 4 && Interlocked.CompareExchange(ref killedAfter, n, -1) == -1)
                        {
                            using var victim = Process.GetProcessById(processor);
                            victim.Kill(); // SIGKILL
                            Volatile.Write(ref processorDown, 1);
                        }

                        var slug = $"crash-{n % Monitors}";
                        var status = n % Monitors < FailingMonitors ? "error" : "ok";
                        using var response = await PostCheckInAsync(slug, status, Daily, ct);
                        if ((int)response.StatusCode is >= 200 and < 300)
                        {
                            accepted.AddOrUpdate(slug, 1, (_, c) => c + 1);
                            if (Volatile.Read(ref processorDown) == 1 && !runner.Lines.Any(l => l.Contains("app processor is running again", StringComparison.Ordinal)))
                            {
                                Interlocked.Increment(ref acceptedWhileDown);
                            }
                        }
                        else
                        {
                            refused.Enqueue($"{slug}: {(int)response.StatusCode}");
                        }

                        // A steady trickle, so that a good part of the posting happens while the processor is down.
                        await Task.Delay(40, ct);
                    }
                },
                ct)).ToList();
            await Task.WhenAll(clients);

            await runner.WaitForLineAsync("app processor exited with code 137; restarting it in 1 s (restart 1)", TimeSpan.FromSeconds(30), ct);
            await runner.WaitForLineAsync("app processor is running again", s_start, ct);
            Assert.Empty(refused); // ingest never talks to the processor: it keeps accepting while it is down
            Assert.True(acceptedWhileDown > 0, "no check-in was posted while the processor was down");

            // Every check-in answered 2xx is applied, once (duplicates are dropped by message id).
            foreach (var (slug, count) in accepted)
            {
                await EventuallyAsync(async () => (await RecentCheckInsAsync(slug)).Count == count, $"{slug}: {count} check-ins applied", ct);
            }

            Assert.Equal(Monitors * CheckInsPerMonitor, accepted.Values.Sum());
            foreach (var (slug, count) in accepted)
            {
                Assert.Equal(count, (await RecentCheckInsAsync(slug)).Count);
            }

            var expectedIncidents = Enumerable.Range(0, FailingMonitors).Select(i => $"crash-{i}").Order(StringComparer.Ordinal).ToList();
            await EventuallyAsync(async () => (await OpenIncidentMonitorsAsync()).SequenceEqual(expectedIncidents), "an open incident per failing monitor", ct);

            // A monitor whose check-in is due in a minute or two: its deadline is only a reminder until it passes.
            using (var response = await PostCheckInAsync("deadline", "ok", EveryMinute, ct))
            {
                Assert.True(response.IsSuccessStatusCode);
            }

            await EventuallyAsync(async () => (await RecentCheckInsAsync("deadline")).Count == 1, "the deadline monitor's check-in applied", ct);
            deadline = (await EnvironmentAsync("deadline")).GetProperty("next_checkin_latest").GetDateTimeOffset();
            Assert.True(deadline > DateTimeOffset.UtcNow, "the deadline is still ahead when the run stops");

            monitorsBefore = await MonitorSnapshotAsync();
            incidentsBefore = await IncidentSnapshotAsync();

            // A job that starts and never reports back: its timeout (max_runtime 1 minute, R60) is the timer of its
            // workflow's wait, which must outlive the run.
            using (var response = await PostCheckInAsync(Running, "in_progress", DailyWithMaxRuntime, ct))
            {
                Assert.True(response.IsSuccessStatusCode);
            }

            await EventuallyAsync(async () => (await RecentCheckInsAsync(Running)).Count == 1, "the running check-in applied", ct);
            Assert.Equal(0, await runner.TerminateAsync(ct));
            Assert.Contains(runner.Lines, l => l.Contains("stopping all apps", StringComparison.Ordinal));
        }

        using (var runner = RunnerProcess.Start(runFile))
        {
            await runner.WaitForLineAsync("all apps are running", s_start, ct);

            Assert.Equal(monitorsBefore, await MonitorSnapshotAsync());
            Assert.Equal(incidentsBefore, await IncidentSnapshotAsync());
            var waiting = await EnvironmentAsync("deadline");
            Assert.Equal(deadline, waiting.GetProperty("next_checkin_latest").GetDateTimeOffset());

            // Nothing but the reminder kept on disk can mark it missed now: no check-in comes for it any more. The miss
            // is decided once the stream clock passes the deadline, at ingest's first pulse after it (one a minute).
            var wait = deadline - DateTimeOffset.UtcNow + s_pulseInterval + TimeSpan.FromSeconds(30);
            await EventuallyAsync(
                async () => await RecentCheckInsAsync("deadline") is [var newest, ..] && newest.GetProperty("status").GetString() == "missed",
                "the missed check-in of the deadline monitor",
                ct,
                wait > TimeSpan.FromSeconds(30) ? wait : TimeSpan.FromSeconds(30));
            Assert.Equal("error", (await EnvironmentAsync("deadline")).GetProperty("status").GetString());
            await EventuallyAsync(async () => (await OpenIncidentMonitorsAsync()).Contains("deadline"), "an incident for the missed check-in", ct);

            await EventuallyAsync(
                async () => await RecentCheckInsAsync(Running) is [var only] && only.GetProperty("status").GetString() == "timeout",
                "the running check-in timed out after the restart",
                ct,
                TimeSpan.FromMinutes(1) + s_pulseInterval + TimeSpan.FromSeconds(30));
            await EventuallyAsync(async () => (await OpenIncidentMonitorsAsync()).Contains(Running), "an incident for the timed-out check-in", ct);

            Assert.Equal(0, await runner.TerminateAsync(ct));
        }

        TestContext.Current.SendDiagnosticMessage($"local run durability test took {watch.Elapsed.TotalSeconds:F0} s");
    }

    private string WriteRunFile()
    {
        Directory.CreateDirectory(_folder);
        var apps = new StringBuilder();
        foreach (var (appId, project) in new[] { ("ingest", "CheckIns.Ingest"), ("processor", "CheckIns.Processor"), ("incidents", "CheckIns.Incidents") })
        {
            var port = _ports[appId] = FreePort.Next();
            apps.Append(CultureInfo.InvariantCulture, $"""
                  - appID: {appId}
                    appDirPath: "{RunnerProcess.BuildOutputOf("services/" + project)}"
                    appPort: {port}
                    daprHTTPPort: {FreePort.Next()}
                    daprGRPCPort: {FreePort.Next()}
                    command: ["dotnet", "{project}.dll"]
                    env:
                      ASPNETCORE_URLS: "http://127.0.0.1:{port}"
                      ASPNETCORE_ENVIRONMENT: Development

                """);
        }

        var file = Path.Combine(_folder, "dapr.yaml");
        File.WriteAllText(file, $"""
            version: 1
            common:
              resourcesPaths: ["{RepositoryRoot.PathOf("components")}"]
            apps:
            {apps}
            """);
        return file;
    }

    private async Task<HttpResponseMessage> PostCheckInAsync(string slug, string status, string monitorConfig, CancellationToken ct)
    {
        var body = $$"""{"project_id":{{Project}},"monitor_slug":"{{slug}}","status":"{{status}}","monitor_config":{{monitorConfig}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_ports["ingest"]}/v1/checkins")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", DevelopmentDsn);
        return await _http.SendAsync(request, ct);
    }

    /// <summary>Every read of the processor's and incidents' APIs goes through here (one place for a credential).</summary>
    private async Task<JsonElement> ReadAsync(string appId, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_ports[appId]}{pathAndQuery}");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {DevelopmentToken}");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private async Task<JsonElement> EnvironmentAsync(string slug) =>
        (await ReadAsync("processor", $"/v1/projects/{Project}/monitors/{slug}"))
            .GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "production");

    private async Task<IReadOnlyList<JsonElement>> RecentCheckInsAsync(string slug)
    {
        try
        {
            return [.. (await EnvironmentAsync(slug)).GetProperty("recent_checkins").EnumerateArray()];
        }
        catch (HttpRequestException)
        {
            return []; // Not created yet (404), or the processor is still starting.
        }
    }

    private async Task<List<string>> OpenIncidentMonitorsAsync() =>
        [.. (await ReadAsync("incidents", $"/v1/projects/{Project}/incidents?status=open")).EnumerateArray()
            .Select(i => i.GetProperty("monitor").GetProperty("slug").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>Each monitor with its environments' status, check-ins and deadlines, as the read API shows them.</summary>
    private async Task<IReadOnlyList<string>> MonitorSnapshotAsync()
    {
        var list = await ReadAsync("processor", $"/v1/projects/{Project}/monitors");
        var slugs = list.EnumerateArray().Select(m => m.GetProperty("slug").GetString()!).Where(s => s != Running).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Monitors + 1, slugs.Count);
        var snapshot = new List<string>();
        foreach (var slug in slugs)
        {
            var environment = await EnvironmentAsync(slug);
            snapshot.Add(string.Join(
                ' ',
                slug,
                environment.GetProperty("status").GetString(),
                environment.GetProperty("recent_checkins").GetArrayLength(),
                environment.GetProperty("next_checkin_latest").GetRawText(),
                environment.GetProperty("active_incident").ValueKind));
        }

        return snapshot;
    }

    private async Task<IReadOnlyList<string>> IncidentSnapshotAsync() =>
        [.. (await ReadAsync("incidents", $"/v1/projects/{Project}/incidents")).EnumerateArray()
            .Where(i => i.GetProperty("monitor").GetProperty("slug").GetString() != Running).Select(i => i.GetRawText()).Order(StringComparer.Ordinal)];

    /// <summary>Polls a condition the real clock and other processes bring about; fails with <paramref name="what"/> after the timeout.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken ct, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"not seen in time: {what}");
            }

            await Task.Delay(50, ct);
        }
    }
}
