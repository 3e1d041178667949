using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Runner;

/// <summary><c>DaprEmulator run -f dapr.yaml [--log-level debug] [--data-dir DIR | --in-memory] [--reset]</c>.</summary>
public static class EmulatorCommandLine
{
    public const string Usage = "usage: dotnet run --project tools/DaprEmulator -- run -f <dapr.yaml> [--log-level debug|information|warning] [--data-dir <folder> | --in-memory] [--reset]";

    /// <summary>The data folder when neither --data-dir nor --in-memory is given: next to the run file.</summary>
    public const string DefaultDataFolder = ".dapr-emulator";

    /// <summary>Overrides the default data folder (as --data-dir does).</summary>
    public const string DataFolderVariable = "DAPR_EMULATOR_DATA";

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

        var dataIndex = Array.IndexOf(args, "--data-dir");
        if (dataIndex > 0 && dataIndex + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var inMemory = args.Contains("--in-memory");
        if (inMemory && dataIndex > 0)
        {
            await Console.Error.WriteLineAsync("--data-dir and --in-memory exclude each other");
            return 2;
        }

        var dataDirectory = inMemory ? null : DataDirectory(args[2], dataIndex > 0 ? args[dataIndex + 1] : null, Environment.GetEnvironmentVariable(DataFolderVariable));

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
        return await EmulatorRunner.RunAsync(args[2], Console.Out, stop.Token, logLevel: level, dataDirectory: dataDirectory, reset: args.Contains("--reset"));
    }

    /// <summary>--data-dir, else $DAPR_EMULATOR_DATA, else .dapr-emulator next to the run file; relative paths from the current folder.</summary>
    public static string DataDirectory(string runFile, string? given, string? fromEnvironment) =>
        Path.GetFullPath(
            !string.IsNullOrEmpty(given) ? given
            : !string.IsNullOrEmpty(fromEnvironment) ? fromEnvironment
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFile))!, DefaultDataFolder));
}
