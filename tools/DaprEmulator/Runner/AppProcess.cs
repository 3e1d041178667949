using System.Diagnostics;
using System.Globalization;
using DaprEmulator.Core;

namespace DaprEmulator.Runner;

/// <summary>One app's command, started the way <c>dapr run</c> starts it: in its folder, with the Dapr variables in its environment.</summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public static AppProcess Start(RunApp app, DaprSidecar sidecar, PrefixedWriter output)
    {
        var info = new ProcessStartInfo(app.Command[0])
        {
            WorkingDirectory = app.AppDirPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in app.Command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in app.Env)
        {
            info.Environment[key] = value;
        }

        info.Environment["APP_ID"] = app.AppId;
        info.Environment["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(CultureInfo.InvariantCulture);
        if (app.AppPort is { } port)
        {
            info.Environment["APP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new RunFileException($"app {app.AppId}: could not start {app.Command[0]}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new RunFileException($"app {app.AppId}: could not start command \"{string.Join(' ', app.Command)}\" in {app.AppDirPath}: {ex.Message}");
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.App(app.AppId, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.App(app.AppId, e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process);
    }

    /// <summary>Stops the app and everything it started (e.g. <c>dotnet run</c>'s child process).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (TimeoutException)
        {
            // Nothing more can be done than Kill.
        }
    }

    public void Dispose() => _process.Dispose();
}
