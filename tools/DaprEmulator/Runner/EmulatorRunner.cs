using System.Net.Sockets;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Runner;

/// <summary>
/// <c>dapr run -f dapr.yaml</c> on the emulator: a sidecar per app, each app's command started with
/// DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_ID and APP_PORT, log lines prefixed with the app id. It stops
/// everything when asked to (Ctrl+C) and fails as soon as a port is taken or an app exits.
/// </summary>
public static class EmulatorRunner
{
    public static async Task<int> RunAsync(string runFile, TextWriter output, CancellationToken stop, TimeSpan? appStartTimeout = null, LogLevel logLevel = LogLevel.Information)
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
        await using var cluster = new DaprCluster(new DaprClusterOptions { LoggerFactory = loggerFactory });
        var running = new List<(RunApp App, DaprSidecar Sidecar, AppProcess Process)>();
        try
        {
            foreach (var app in apps)
            {
                var sidecar = await cluster.StartSidecarAsync(app.AppId, app.ResourcesPaths, app.DaprHttpPort, app.DaprGrpcPort, stop);
                writer.Emulator($"app {app.AppId}: Dapr HTTP port {sidecar.HttpPort}, gRPC port {sidecar.GrpcPort}, resources {string.Join(", ", app.ResourcesPaths)}");
                running.Add((app, sidecar, AppProcess.Start(app, sidecar, writer)));
            }

            var timeout = appStartTimeout ?? TimeSpan.FromMinutes(2);
            await Task.WhenAll(running.Select(r => AttachWhenListeningAsync(r.App, r.Sidecar, r.Process, timeout, stop)));
            writer.Emulator("all apps are running; press Ctrl+C to stop");

            var exits = running.Select(r => r.Process.WaitForExitAsync(CancellationToken.None)).ToList();
            var stopped = Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            var first = await Task.WhenAny([.. exits, stopped]);
            if (first == stopped)
            {
                writer.Emulator("stopping all apps");
                return 0;
            }

            var exited = running[exits.IndexOf(first)];
            writer.Emulator($"error: app {exited.App.AppId} exited with code {exited.Process.ExitCode}; stopping the other apps");
            return 1;
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
            foreach (var (_, sidecar, process) in running)
            {
                sidecar.DetachApp();
                await process.StopAsync();
                process.Dispose();
            }
        }
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
