using System.Globalization;
using CheckIns.BareWorkflow;

// The emulator's bare workflow rate: a workflow with one no-op activity, started and awaited through the real
// Dapr.Workflow SDK, sequentially and with 64 in flight. Baseline of each ratio: one unary gRPC call to the same
// sidecar's workflow API (GetWorkflowStateAsync of a finished instance) at the same concurrency, measured in the
// same run. See bench/README.md.
var quick = args.Contains("--quick");
var summary = args.SkipWhile(a => a != "--summary").Skip(1).FirstOrDefault();
var count = quick ? 1_000 : 5_000;
var log = Console.Error;

await using var host = await BareWorkflowHost.StartAsync();
log.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; {count} operations per row");

var rows = new List<(string Figure, string Baseline, double BaselineRate, double Rate, string Unit)>();
foreach (var inFlight in new[] { 1, 64 })
{
    var label = inFlight == 1 ? "sequential" : $"{inFlight} in flight";
    var baseline = await WorkflowLoad.RateAsync(count, inFlight, _ => host.Client.GetWorkflowStateAsync("warm-0"));
    var measured = await host.MeasureAsync(label, count, inFlight);
    var unit = string.Create(CultureInfo.InvariantCulture,
        $"per workflow: {measured.OrchestratorWorkItems:F2} orchestrator + {measured.ActivityWorkItems:F2} activity work items, {measured.HistoryEvents:F2} history events");
    log.WriteLine($"{label}: {measured.WorkflowsPerSecond:F0} workflows/s, baseline {baseline:F0} calls/s; {unit}");
    rows.Add((label, $"GetWorkflowStateAsync, {label}: {baseline.ToString("N0", CultureInfo.InvariantCulture)} calls/s", baseline, measured.WorkflowsPerSecond, unit));
}

Console.WriteLine("| workflows | baseline (same run) | workflows/s | ratio to baseline | cost |");
Console.WriteLine("|---|---|---:|---:|---|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Figure} | {r.Baseline} | {r.Rate:N0} | {r.Rate / r.BaselineRate:F3} | {r.Unit} |"));
}

if (summary is not null)
{
    File.AppendAllLines(summary, rows.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"emulator workflows\tone no-op activity, {r.Figure}\t{r.Baseline}\t{r.Rate:N0} workflows/s; {r.Unit}\t{r.Rate / r.BaselineRate:F3}\tnone (the emulator's own cost, reported)")));
}

log.WriteLine($"load average at the end: {LoadAverage()}");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
