using System.Globalization;
using CheckIns.PipelineBenchmark;

// Check-ins per second from POST /v1/checkins to saved actor state, through the emulated Dapr sidecars, for
// several monitor counts in one invocation; the first count is the baseline of the ratio. See bench/README.md.
var options = BenchmarkOptions.Parse(args);

// WebApplicationFactory finds the apps' content roots through MvcTestingAppManifest.json in the working directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var log = Console.Error;
log.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; {options.CheckIns} check-ins per run, arrays of {options.CheckInsPerRequest}, {options.Concurrency} requests in flight, {options.ErrorShare:P0} errors");

// A short run first, discarded: the first run in a process would otherwise also pay for JIT compilation.
log.WriteLine("warm-up (discarded):");
await new PipelineRun(options with { CheckIns = 5_000, LatencyPhase = TimeSpan.FromSeconds(1) }, 500, log).RunAsync(CancellationToken.None);

var results = new List<RunResult>();
foreach (var monitors in options.Monitors)
{
    log.WriteLine($"{monitors} monitors:");
    results.Add(await new PipelineRun(options, monitors, log).RunAsync(CancellationToken.None));
}

Console.WriteLine(ResultTable.Render(results));
if (options.SummaryFile is { } summary)
{
    File.AppendAllLines(summary, ResultTable.SummaryRows(results));
}

log.WriteLine($"load average at the end: {LoadAverage()}");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

internal sealed partial class Program;

namespace CheckIns.PipelineBenchmark
{
    /// <summary>The one table of a run, in Markdown.</summary>
    internal static class ResultTable
    {
        public static string Render(IReadOnlyList<RunResult> results)
        {
            var baseline = results[0].CheckInsPerSecond;
            var lines = new List<string>
            {
                $"| monitors | check-ins | seconds | check-ins/s | ratio to {results[0].Monitors:N0} | p50 ms | p99 ms | status events | actor turns / check-in | state tx / check-in | keys written / check-in | bytes written / check-in | state bytes / monitor (mean, max) |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            };
            lines.AddRange(results.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"| {r.Monitors:N0} | {r.CheckIns:N0} | {r.Seconds:F1} | {r.CheckInsPerSecond:N0} | {r.CheckInsPerSecond / baseline:F2} | {r.Latency.P50.TotalMilliseconds:F0} | {r.Latency.P99.TotalMilliseconds:F0} | {r.Latency.Events:N0} | {(double)r.Turns / r.CheckIns:F2} | {(double)r.StateTransactions / r.CheckIns:F2} | {(double)r.KeysWritten / r.CheckIns:F2} | {(double)r.BytesWritten / r.CheckIns:N0} | {r.MeanBytesPerMonitor:N0}, {r.MaxBytesPerMonitor:N0} |")));
            return string.Join(Environment.NewLine, lines);
        }

        /// <summary>Tab-separated: area, figure, baseline, result, ratio, target.</summary>
        public static IEnumerable<string> SummaryRows(IReadOnlyList<RunResult> results)
        {
            var baseline = results[0];
            return results.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"pipeline\t{r.Monitors:N0} monitors\t{baseline.Monitors:N0} monitors: {baseline.CheckInsPerSecond:N0} check-ins/s\t{r.CheckInsPerSecond:N0} check-ins/s; status event p50 {r.Latency.P50.TotalMilliseconds:F0} ms, p99 {r.Latency.P99.TotalMilliseconds:F0} ms; {(double)r.StateTransactions / r.Turns:F2} state tx per turn; {r.MaxBytesPerMonitor:N0} B state per monitor at most\t{r.CheckInsPerSecond / baseline.CheckInsPerSecond:F2}\t20 000/s; at 100 000 monitors ≥ 0.80; 1 state tx per monitor per batch"));
        }
    }
}
