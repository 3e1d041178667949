using System.Globalization;
using CheckIns.WorkflowBenchmark;
using Dapr.Workflow;
using DaprEmulator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The emulator's bare workflow rate: a workflow with one no-op activity, started and awaited through the real
// Dapr.Workflow SDK, sequentially and with 64 in flight. Baseline of each ratio: one unary gRPC call to the same
// sidecar's workflow API (GetWorkflowStateAsync of a finished instance) at the same concurrency, measured in the
// same run. See bench/README.md.
var quick = args.Contains("--quick");
var summary = args.SkipWhile(a => a != "--summary").Skip(1).FirstOrDefault();
var count = quick ? 1_000 : 5_000;
var log = Console.Error;

await using var dapr = await DaprTestEnvironment.StartAsync();
var app = await dapr.StartAppAsync(
    "workflow-bench",
    b =>
    {
        b.Logging.ClearProviders();
        b.Services.AddDaprWorkflow(o =>
        {
            o.RegisterWorkflow<NoopWorkflow>();
            o.RegisterActivity<NoopActivity>();
        });
    },
    _ => { });
var client = app.Services.GetRequiredService<DaprWorkflowClient>();
log.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; {count} operations per row");

// Warm-up, discarded: JIT, connections, the SDK's worker stream.
await WorkflowLoad.RateAsync(500, 64, i => WorkflowLoad.RunWorkflowAsync(client, $"warm-{i}", i));

var rows = new List<(string Figure, string Baseline, double BaselineRate, double Rate, string Unit)>();
foreach (var inFlight in new[] { 1, 64 })
{
    var label = inFlight == 1 ? "sequential" : $"{inFlight} in flight";
    var baseline = await WorkflowLoad.RateAsync(count, inFlight, _ => client.GetWorkflowStateAsync("warm-0"));
    var before = dapr.Workflows.Stats;
    var rate = await WorkflowLoad.RateAsync(count, inFlight, i => WorkflowLoad.RunWorkflowAsync(client, $"{label}-{i}", i));
    var after = dapr.Workflows.Stats;
    log.WriteLine($"{label}: {rate:F0} workflows/s, baseline {baseline:F0} calls/s; per workflow {(after.OrchestratorWorkItems - before.OrchestratorWorkItems) / (double)count:F2} orchestrator and {(after.ActivityWorkItems - before.ActivityWorkItems) / (double)count:F2} activity work items, {(after.HistoryEventsStored - before.HistoryEventsStored) / (double)count:F2} history events");
    rows.Add((label, $"GetWorkflowStateAsync, {label}: {baseline.ToString("N0", CultureInfo.InvariantCulture)} calls/s", baseline, rate,
        $"per workflow: {(after.OrchestratorWorkItems - before.OrchestratorWorkItems) / (double)count:F2} orchestrator + {(after.ActivityWorkItems - before.ActivityWorkItems) / (double)count:F2} activity work items, {(after.HistoryEventsStored - before.HistoryEventsStored) / (double)count:F2} history events"));
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
