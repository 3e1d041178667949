using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Runner;

/// <summary>
/// <c>dapr run -f dapr.yaml</c> on the emulator: a sidecar per app, each app's command started with
/// DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_ID and APP_PORT, log lines prefixed with the app id. It stops
/// everything when asked to (Ctrl+C). It fails when a port is taken or an app exits while the apps start; once
/// they all run, an app that exits is started again with back-off, as a container platform restarts a crashed
/// container, and the other apps keep serving. With a <paramref name="dataDirectory"/> the emulator's data is
/// kept there across restarts (<see cref="DurableStore"/>); without, in memory.
/// </summary>
public static class EmulatorRunner
{
    /// <summary>An app that ran this long before it exited is restarted after the first delay again.</summary>
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_maxRestartDelay = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(
        string runFile,
        TextWriter output,
        CancellationToken stop,
        TimeSpan? appStartTimeout = null,
        LogLevel logLevel = LogLevel.Information,
        string? dataDirectory = null,
        bool reset = false)
    {
        var writer = new PrefixedWriter(output);
        IReadOnlyList<RunApp> apps;
        try
        {
            apps = RunFile.Load(runFile);
            CheckPorts(apps);
        }
        catch (RunFileException ex)
        {
            writer.Emulator("error: " + ex.Message);
            return 1;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(logLevel).AddProvider(new WriterLoggerProvider(writer, logLevel)));
        DaprCluster cluster;
        try
        {
            if (dataDirectory is not null && reset)
            {
                DurableStore.Wipe(dataDirectory);
                writer.Emulator($"data folder {dataDirectory} wiped");
            }

            cluster = new DaprCluster(new DaprClusterOptions { LoggerFactory = loggerFactory, DataDirectory = dataDirectory });
        }
        catch (DurableStoreException ex)
        {
            writer.Emulator("error: " + ex.Message);
            return 1;
        }

        await using var owned = cluster;
        writer.Emulator(dataDirectory is null
            ? "keeping state, messages, reminders and workflows in memory: they are lost when the emulator stops"
            : $"keeping state, messages, reminders and workflows in {dataDirectory} (kept across restarts; --reset wipes it)");
        var running = new List<RunningApp>();
        var supervisors = new List<Task>();
        try
        {
            // One app at a time: `dotnet run` builds before it starts, and apps that share projects must not
            // build them at the same time. A first build on a small machine takes minutes, hence the generous wait.
            var timeout = appStartTimeout ?? TimeSpan.FromMinutes(10);
            foreach (var app in apps)
            {
                var sidecar = await cluster.StartSidecarAsync(app.AppId, app.ResourcesPaths, app.DaprHttpPort, app.DaprGrpcPort, app.ConfigFilePath, stop);
                var process = AppProcess.Start(app, sidecar, writer);
                writer.Emulator($"app {app.AppId}: Dapr HTTP port {sidecar.HttpPort}, gRPC port {sidecar.GrpcPort}, resources {string.Join(", ", app.ResourcesPaths)}; starting (process {process.Id})");
                var entry = new RunningApp(app, sidecar, process);
                running.Add(entry);
                await AttachWhenListeningAsync(app, sidecar, process, timeout, stop);
            }

            writer.Emulator("all apps are running; press Ctrl+C to stop");
            supervisors.AddRange(running.Select(r => SuperviseAsync(r, writer, timeout, stop)));
            await Task.Delay(Timeout.Infinite, stop);
            return 0; // Not reached: the delay ends by cancellation.
        }
        catch (Exception ex) when (ex is SidecarStartException or DaprResourceException or RunFileException)
        {
            writer.Emulator("error: " + ex.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            writer.Emulator("stopping all apps");
            return 0;
        }
        finally
        {
            // The supervisors end with the stop token; none may start an app after this point.
            await Task.WhenAll(supervisors);
            foreach (var r in running)
            {
                r.Sidecar.DetachApp();
                await r.Process.StopAsync();
                r.Process.Dispose();
            }
        }
    }

    /// <summary>
    /// Restarts the app whenever it exits until the run stops: 1 s after the first exit, doubling up to 30 s
    /// while it keeps failing, 1 s again once it has run for 30 s. While it is down its sidecar keeps serving
    /// the other apps, and messages for it wait in the broker.
    /// </summary>
    private static async Task SuperviseAsync(RunningApp running, PrefixedWriter writer, TimeSpan startTimeout, CancellationToken stop)
    {
        var app = running.App;
        var restarts = 0;
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                await running.Process.WaitForExitAsync(stop);
                if (stop.IsCancellationRequested)
                {
                    return; // Ctrl+C reaches the apps too; they may exit before the run sees it.
                }

                running.Sidecar.DetachApp();
                restarts = Stopwatch.GetElapsedTime(startedAt) >= s_stableAfter ? 1 : restarts + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, restarts - 1), s_maxRestartDelay.TotalSeconds));
                writer.Emulator(string.Create(CultureInfo.InvariantCulture,
                    $"app {app.AppId} exited with code {running.Process.ExitCode}; restarting it in {delay.TotalSeconds:0} s (restart {restarts}); the other apps keep running"));
                await Task.Delay(delay, stop);
                running.Process.Dispose();
                running.Process = AppProcess.Start(app, running.Sidecar, writer);
                startedAt = Stopwatch.GetTimestamp();
                writer.Emulator($"app {app.AppId}: restarted (process {running.Process.Id}, restart {restarts})");
                try
                {
                    await AttachWhenListeningAsync(app, running.Sidecar, running.Process, startTimeout, stop);
                    writer.Emulator($"app {app.AppId} is running again");
                }
                catch (Exception ex) when (ex is RunFileException or HttpRequestException or InvalidOperationException)
                {
                    // Not up: stop what is left of it; the loop sees the exit and tries again later.
                    writer.Emulator($"error: app {app.AppId}: {ex.Message}");
                    await running.Process.StopAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run stops; RunAsync stops the app.
        }
    }

    private sealed class RunningApp(RunApp app, DaprSidecar sidecar, AppProcess process)
    {
        public RunApp App { get; } = app;

        public DaprSidecar Sidecar { get; } = sidecar;

        public AppProcess Process { get; set; } = process;
    }

    private static void CheckPorts(IReadOnlyList<RunApp> apps)
    {
        var seen = new Dictionary<int, string>();
        foreach (var app in apps)
        {
            foreach (var (port, what) in new[] { (app.AppPort, "appPort"), (app.DaprHttpPort, "daprHTTPPort"), (app.DaprGrpcPort, "daprGRPCPort") })
            {
                if (port is not { } p)
                {
                    continue;
                }

                if (!seen.TryAdd(p, $"{what} of app {app.AppId}"))
                {
                    throw new RunFileException($"port {p} is given twice: {seen[p]} and {what} of app {app.AppId}");
                }

                if (FreePort.IsInUse(p))
                {
                    throw new RunFileException($"app {app.AppId}: {what} {p} is already in use by another process");
                }
            }
        }
    }

    private static async Task AttachWhenListeningAsync(RunApp app, DaprSidecar sidecar, AppProcess process, TimeSpan timeout, CancellationToken stop)
    {
        if (app.AppPort is not { } port)
        {
            return; // No app port: the app can call its sidecar, but receives nothing.
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new RunFileException($"app {app.AppId} exited with code {process.ExitCode} before listening on port {port}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("localhost", port, cts.Token);
                break;
            }
            catch (SocketException)
            {
                try
                {
                    await Task.Delay(200, cts.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    throw new RunFileException($"app {app.AppId} did not listen on port {port} within {timeout}");
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                throw new RunFileException($"app {app.AppId} did not listen on port {port} within {timeout}");
            }
        }

        await sidecar.AttachAppAsync(new Uri($"http://localhost:{port}"), stop);
    }
}
