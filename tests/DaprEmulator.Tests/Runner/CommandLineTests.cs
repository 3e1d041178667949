using System.Diagnostics;
using DaprEmulator.Core;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.Runner;

/// <summary>The emulator's executable, run as <c>dotnet DaprEmulator.dll run -f dapr.yaml</c>, stopped with Ctrl+C (SIGINT).</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Without_a_run_file_the_emulator_prints_its_usage_and_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = Start("--help");

        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("run -f <dapr.yaml>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_emulator_and_its_apps()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT");
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var appPort = FreePort.Next();
        var runFile = Path.Combine(resources.Path, "dapr.yaml");
        File.WriteAllText(runFile, $"""
            version: 1
            apps:
              - appID: sample
                appDirPath: "{AppContext.BaseDirectory}"
                appPort: {appPort}
                resourcesPaths: ["{resources.Path}"]
                command: ["dotnet", "DaprEmulator.SampleApp.dll"]
                env:
                  ASPNETCORE_URLS: "http://127.0.0.1:{appPort}"
            """);
        using var process = Start("run", "-f", runFile);
        var output = new LinesWriter();
        process.OutputDataReceived += (_, e) => output.WriteLine(e.Data);
        process.BeginOutputReadLine();

        await output.WaitForLineAsync(l => l.Contains("all apps are running", StringComparison.Ordinal), ct);
        Assert.True(FreePort.IsInUse(appPort));
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(ct);
            Assert.Equal(0, interrupt.ExitCode);
        }

        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains(output.Lines, l => l.Contains("stopping all apps", StringComparison.Ordinal));
        Assert.False(FreePort.IsInUse(appPort), "the app is stopped with the emulator");
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DaprEmulator.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}
