using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DaprEmulator.Testing;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary>
/// The emulator's runner as a child process, as <c>dotnet run --project tools/DaprEmulator -- run -f dapr.yaml</c>
/// starts it, but from its build output (<c>dotnet DaprEmulator.dll</c>) so that a test does not build again. Its
/// output lines are kept for the test to wait on and to show when it fails.
/// </summary>
public sealed class RunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private RunnerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The build output folder of a project of the repository, in this test's configuration and framework.</summary>
    public static string BuildOutputOf(string projectFolder)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return RepositoryRoot.PathOf(Path.Combine(projectFolder, "bin", framework.Parent!.Name, framework.Name));
    }

    public static RunnerProcess Start(string runFile)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(runFile)!,
        };
        info.ArgumentList.Add(Path.Combine(BuildOutputOf("tools/DaprEmulator"), "DaprEmulator.dll"));
        foreach (var arg in new[] { "run", "-f", runFile })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("DAPR_EMULATOR_DATA"); // The data folder is the default one, next to the run file.
        return new RunnerProcess(Process.Start(info)!);
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            while (!_lines.Any(match))
            {
                if (_process.HasExited)
                {
                    throw new Xunit.Sdk.XunitException($"the runner exited with code {_process.ExitCode}; its output:\n{Output()}");
                }

                await Task.Delay(50, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the runner did not write the expected line within {timeout}; its output:\n{Output()}");
        }
    }

    public Task WaitForLineAsync(string contains, TimeSpan timeout, CancellationToken ct) =>
        WaitForLineAsync(l => l.Contains(contains, StringComparison.Ordinal), timeout, ct);

    /// <summary>The process id in the runner's last line about the app that names one ("… (process 1234 …").</summary>
    public int ProcessIdOf(string appId)
    {
        var line = _lines.Last(l => l.Contains($"== DAPR EMULATOR == app {appId}: ", StringComparison.Ordinal) && l.Contains("(process ", StringComparison.Ordinal));
        var at = line.IndexOf("(process ", StringComparison.Ordinal) + "(process ".Length;
        return int.Parse(new string([.. line[at..].TakeWhile(char.IsDigit)]), CultureInfo.InvariantCulture);
    }

    /// <summary>SIGTERM, as a service manager or <c>docker stop</c> sends it; returns the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken ct)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(ct);
        }

        await _process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        return _process.ExitCode;
    }

    public string Output() => string.Join('\n', _lines.TakeLast(200));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
