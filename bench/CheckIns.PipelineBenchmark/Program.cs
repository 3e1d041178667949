using CheckIns.PipelineBenchmark;

// Check-ins per second from POST /v1/checkins through the processor's workflow per check-in, against the same load
// applied by direct actor calls and against the emulator's bare one-activity workflow, for several monitor counts
// in one invocation; the first count is the baseline of the scaling ratio. See bench/README.md.
var options = BenchmarkOptions.Parse(args);

// WebApplicationFactory finds the apps' content roots through MvcTestingAppManifest.json in the working directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var log = Console.Error;
log.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage.Now}; {options.CheckIns} check-ins per path per run in {options.Rounds} rounds, arrays of {options.CheckInsPerRequest}, {options.Concurrency} requests in flight, {options.ErrorShare:P0} errors");

// A short run first, discarded: the first run in a process would otherwise also pay for JIT compilation.
log.WriteLine("warm-up (discarded):");
await new PipelineRun(options with { CheckIns = 2_000, Rounds = 1, LatencyPhase = TimeSpan.FromSeconds(1), BareWorkflows = 500 }, 500, log).RunAsync(CancellationToken.None);

var results = new List<RunResult>();
foreach (var monitors in options.Monitors)
{
    log.WriteLine($"{monitors} monitors (load average {LoadAverage.Now}):");
    results.Add(await new PipelineRun(options, monitors, log).RunAsync(CancellationToken.None));
}

Console.WriteLine(ResultTable.Render(results));
if (options.SummaryFile is { } summary)
{
    File.AppendAllLines(summary, ResultTable.SummaryRows(results));
}

log.WriteLine($"load average at the end: {LoadAverage.Now}");

internal sealed partial class Program;
