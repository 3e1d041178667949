using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CheckIns.IngestBenchmark;

/// <summary>
/// Load from wrk (Debian package <c>wrk</c>): a C load generator on epoll, in its own process, costs the server's
/// cores far less per request than an in-process HttpClient would, so the figures are the server's, not the
/// client's. The peak is wrk's closed loop; a lower rate is offered by giving each connection a pause after each
/// answer (the Lua <c>delay</c> hook), sized so that the pause, not the server, sets the pace.
/// </summary>
internal static partial class Wrk
{
    /// <summary>The pause each connection takes after an answer when a rate below the peak is offered.</summary>
    private const int PauseMs = 10;

    public static bool IsInstalled() => Run("wrk", "--version", TimeSpan.FromSeconds(10)).ExitCode is 0 or 1;

    public static WrkResult Peak(Uri url, string script, int connections, TimeSpan duration) =>
        Measure(url, script, connections, duration);

    /// <summary>Offers about <paramref name="perSecond"/> requests a second: each connection sends one request per pause.</summary>
    public static WrkResult AtRate(Uri url, string script, double perSecond, TimeSpan duration)
    {
        var connections = Math.Max(2, (int)Math.Round(perSecond * PauseMs / 1000));
        return Measure(url, script + $"\ndelay = function() return {PauseMs} end\n", connections, duration);
    }

    /// <summary>A POST of one check-in object per request, to the monitor after the previous one.</summary>
    public static string NativeScript(long projectId, int monitors) => $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local n = 0
        request = function()
          n = n + 1
          local body = string.format('{"project_id":{{projectId}},"monitor_slug":"job-%04d","status":"ok","environment":"production"}', n % {{monitors}})
          return wrk.format(nil, nil, nil, body)
        end
        """;

    /// <summary>An envelope with one check_in item, authenticated as the .NET SDK does (CLIENTS.md §1.3).</summary>
    public static string EnvelopeScript(string publicKey, int monitors) => $$$"""
        wrk.method = "POST"
        wrk.headers["X-Sentry-Auth"] = "Sentry sentry_version=7,sentry_client=sentry.dotnet/6.12.1,sentry_key={{{publicKey}}}"
        local n = 0
        request = function()
          n = n + 1
          local item = string.format('{"monitor_slug":"job-%04d","status":"ok","environment":"production"}', n % {{{monitors}}})
          local body = '{"sdk":{"name":"sentry.dotnet","version":"6.12.1"}}\n{"type":"check_in","length":' .. #item .. '}\n' .. item
          return wrk.format(nil, nil, nil, body)
        end
        """;

    private static WrkResult Measure(Uri url, string luaScript, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"checkins-wrk-{Environment.ProcessId}.lua");
        File.WriteAllText(script, luaScript);
        try
        {
            var seconds = ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var (exit, output) = Run("wrk", $"-t2 -c{connections} -d{seconds}s --latency -s {script} {url}", duration + TimeSpan.FromMinutes(1));
            var rate = RequestsPerSecond().Match(output);
            if (exit != 0 || !rate.Success)
            {
                throw new InvalidOperationException($"wrk failed ({exit}): {output}");
            }

            var non2xx = Non2xx().Match(output);
            var socketErrors = SocketErrors().Match(output);
            var failed = (non2xx.Success ? Long(non2xx.Groups[1].Value) : 0)
                + (socketErrors.Success ? socketErrors.Groups.Values.Skip(1).Sum(g => Long(g.Value)) : 0);
            return new WrkResult(
                double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
                Long(Total().Match(output).Groups[1].Value),
                failed,
                connections,
                Percentile(output, "50%"),
                Percentile(output, "99%"),
                Milliseconds(MaxLatency().Match(output).Groups[1].Value));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+(\S+)", RegexOptions.Multiline);
        return match.Success ? Milliseconds(match.Groups[1].Value) : double.NaN;
    }

    /// <summary>wrk prints durations as e.g. <c>635.91us</c>, <c>1.20ms</c> or <c>2.01s</c>.</summary>
    private static double Milliseconds(string text)
    {
        var unit = Regex.Match(text, "[a-z]+$").Value;
        var value = double.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            _ => throw new FormatException($"unknown wrk duration '{text}'"),
        };
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static (int ExitCode, string Output) Run(string file, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill();
                return (-1, "timed out");
            }

            return (process.ExitCode, output.Result + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Total();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Latency\s+\S+\s+\S+\s+(\S+)")]
    private static partial Regex MaxLatency();
}

/// <summary>One wrk run: the achieved rate, the requests it completed and how many failed, and latency in ms.</summary>
internal sealed record WrkResult(double PerSecond, long Completed, long Failed, int Connections, double P50, double P99, double Max);
