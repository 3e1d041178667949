using System.Globalization;

namespace CheckIns.PipelineBenchmark;

/// <summary>The tables of a run, in Markdown, and its rows for bench/run's summary.</summary>
internal static class ResultTable
{
    private const double WorkflowToDirectTarget = 0.5;
    private const double WorkflowToBareTarget = 0.6;
    private const double ScalingTarget = 0.8;

    public static string Render(IReadOnlyList<RunResult> results)
    {
        var baseline = results[0].Workflow.CheckInsPerSecond;
        var lines = new List<string>
        {
            $"| monitors | workflow path, check-ins/s | direct actor calls, check-ins/s | workflow / direct (≥ {WorkflowToDirectTarget:F1}) | workflows in flight (mean) | bare one-activity workflows/s, as many in flight | workflow / bare (≥ {WorkflowToBareTarget:F1}) | direct / bare: the most workflow / bare can be | both baselines' work in one, check-ins/s | workflow / that | workflow path, ratio to {results[0].Monitors:N0} monitors (≥ {ScalingTarget:F1}) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        lines.AddRange(results.Select(r => Line(
            $"| {r.Monitors:N0} | {r.Workflow.CheckInsPerSecond:N0} | {r.DirectActor.CheckInsPerSecond:N0} | {r.Workflow.CheckInsPerSecond / r.DirectActor.CheckInsPerSecond:F2} | {r.Workflow.Counters.MeanInFlight:F0} | {r.Bare.WorkflowsPerSecond:N0} | {r.Workflow.CheckInsPerSecond / r.Bare.WorkflowsPerSecond:F2} | {r.DirectActor.CheckInsPerSecond / r.Bare.WorkflowsPerSecond:F2} | {SumOfWork(r):N0} | {r.Workflow.CheckInsPerSecond / SumOfWork(r):F2} | {r.Workflow.CheckInsPerSecond / baseline:F2} |")));

        lines.Add(string.Empty);
        lines.Add("| monitors | path | check-ins | seconds | check-ins/s | p50 ms | p99 ms | status events | actor calls / check-in | state tx / check-in | keys written / check-in | bytes written / check-in | workflows / check-in | orchestrator work items / check-in | activity work items / check-in | history events / check-in |");
        lines.Add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            foreach (var p in new[] { r.Workflow, r.DirectActor })
            {
                var c = p.Counters;
                lines.Add(Line(
                    $"| {r.Monitors:N0} | {PipelineRun.Name(p.Path)} | {c.CheckIns:N0} | {c.Seconds:F1} | {p.CheckInsPerSecond:N0} | {p.Latency.P50.TotalMilliseconds:F0} | {p.Latency.P99.TotalMilliseconds:F0} | {p.Latency.Events:N0} | {p.PerCheckIn(c.ActorCalls):F2} | {p.PerCheckIn(c.StateTransactions):F2} | {p.PerCheckIn(c.KeysWritten):F2} | {p.PerCheckIn(c.BytesWritten):N0} | {p.PerCheckIn(c.WorkflowsStarted):F2} | {p.PerCheckIn(c.OrchestratorWorkItems):F2} | {p.PerCheckIn(c.ActivityWorkItems):F2} | {p.PerCheckIn(c.HistoryEvents):F2} |"));
            }
        }

        lines.Add(string.Empty);
        lines.Add("| monitors | created in | state bytes / monitor (mean, max) | bare workflow: in flight, per workflow |");
        lines.Add("|---:|---:|---:|---|");
        lines.AddRange(results.Select(r => Line(
            $"| {r.Monitors:N0} | {r.CreateSeconds:F1} s | {r.MeanBytesPerMonitor:N0}, {r.MaxBytesPerMonitor:N0} | {r.Bare.InFlight}: {r.Bare.OrchestratorWorkItems:F2} orchestrator + {r.Bare.ActivityWorkItems:F2} activity work items, {r.Bare.HistoryEvents:F2} history events |")));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Tab-separated: area, figure, baseline, result, ratio, target.</summary>
    public static IEnumerable<string> SummaryRows(IReadOnlyList<RunResult> results)
    {
        foreach (var r in results)
        {
            var w = r.Workflow;
            var c = w.Counters;
            var workflow = Line(
                $"{w.CheckInsPerSecond:N0} check-ins/s; status event p50 {w.Latency.P50.TotalMilliseconds:F0} ms, p99 {w.Latency.P99.TotalMilliseconds:F0} ms; per check-in {w.PerCheckIn(c.StateTransactions):F2} state tx, {w.PerCheckIn(c.OrchestratorWorkItems):F2} orchestrator + {w.PerCheckIn(c.ActivityWorkItems):F2} activity work items, {w.PerCheckIn(c.HistoryEvents):F2} history events");
            yield return Line(
                $"pipeline\t{r.Monitors:N0} monitors, workflow path\tdirect actor calls: {r.DirectActor.CheckInsPerSecond:N0} check-ins/s\t{workflow}\t{w.CheckInsPerSecond / r.DirectActor.CheckInsPerSecond:F2}\t≥ {WorkflowToDirectTarget:F1} of direct actor calls");
            yield return Line(
                $"pipeline\t{r.Monitors:N0} monitors, workflow path\tbare one-activity workflow, {r.Bare.InFlight} in flight: {r.Bare.WorkflowsPerSecond:N0}/s\t{w.CheckInsPerSecond:N0} check-ins/s\t{w.CheckInsPerSecond / r.Bare.WorkflowsPerSecond:F2}\t≥ {WorkflowToBareTarget:F1} of the bare workflow");
        }

        if (results.Count > 1)
        {
            var first = results[0];
            var last = results[^1];
            yield return Line(
                $"pipeline\tworkflow path at {last.Monitors:N0} monitors\t{first.Monitors:N0} monitors: {first.Workflow.CheckInsPerSecond:N0} check-ins/s\t{last.Workflow.CheckInsPerSecond:N0} check-ins/s\t{last.Workflow.CheckInsPerSecond / first.Workflow.CheckInsPerSecond:F2}\t≥ {ScalingTarget:F1}");
        }
    }

    /// <summary>
    /// The rate of a path that does the direct path's work and then a bare workflow's, on the same cores: what the
    /// workflow path could reach if its workflow cost no more than a bare one (bench/README.md, "Against the targets").
    /// </summary>
    private static double SumOfWork(RunResult r) =>
        1 / ((1 / r.DirectActor.CheckInsPerSecond) + (1 / r.Bare.WorkflowsPerSecond));

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
