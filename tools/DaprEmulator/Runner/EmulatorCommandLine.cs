using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Runner;

/// <summary><c>DaprEmulator run -f dapr.yaml [--log-level debug]</c>.</summary>
public static class EmulatorCommandLine
{
    public const string Usage = "usage: dotnet run --project tools/DaprEmulator -- run -f <dapr.yaml> [--log-level debug|information|warning]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || args[0] != "run" || (args[1] != "-f" && args[1] != "--run-file"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var level = LogLevel.Information;
        var levelIndex = Array.IndexOf(args, "--log-level");
        if (levelIndex > 0 && levelIndex + 1 < args.Length && !Enum.TryParse(args[levelIndex + 1], ignoreCase: true, out level))
        {
            await Console.Error.WriteLineAsync($"unknown log level {args[levelIndex + 1]}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await EmulatorRunner.RunAsync(args[2], Console.Out, stop.Token, logLevel: level);
    }
}
