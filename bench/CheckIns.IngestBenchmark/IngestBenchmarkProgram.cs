using System.Globalization;

namespace CheckIns.IngestBenchmark;

/// <summary>
/// Ingest under load against a bare endpoint that answers 202, in the same process set-up (issue 6, part 2):
/// the peak rate of each endpoint with wrk and a fixed number of connections, then the latency when half of that
/// peak is offered. <c>--quick</c> shortens each phase; <c>--seconds N</c> and <c>--connections N</c> set them; <c>--only TEXT</c>
/// keeps the baseline and the rows whose name contains TEXT; <c>--summary FILE</c> appends tab-separated rows for bench/run.
/// </summary>
public static class IngestBenchmarkProgram
{
    private const int Monitors = 1000;

    public static async Task<int> Main(string[] args)
    {
        if (!Wrk.IsInstalled())
        {
            await Console.Error.WriteLineAsync("The ingest benchmark drives load with wrk: install it first (sudo apt-get install wrk).");
            return 2;
        }

        var quick = args.Contains("--quick");
        var duration = TimeSpan.FromSeconds(Option(args, "--seconds", quick ? 3 : 10));
        var connections = Option(args, "--connections", 64);
        var warmUp = TimeSpan.FromSeconds(quick ? 1 : 3);

        var summaryFile = OptionText(args, "--summary") is { } given ? Path.GetFullPath(given) : null;

        // The hosted app's content root is read from MvcTestingAppManifest.json in the current directory.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        await using var hosts = await IngestHosts.StartAsync();

        var native = Wrk.NativeScript(IngestHosts.ProjectId, Monitors);
        var envelope = Wrk.EnvelopeScript(IngestHosts.PublicKey, Monitors);
        var nativePath = "/v1/checkins";
        var envelopePath = $"/api/{IngestHosts.ProjectId}/envelope/";
        var scenarios = new (string Name, Uri Url, string Script, bool Publishes)[]
        {
            ("bare endpoint answering 202 (baseline)", new Uri(hosts.Bare, nativePath), native, false),
            ("ingest POST /v1/checkins", new Uri(hosts.Ingest, nativePath), native, true),
            ($"ingest POST {envelopePath}", new Uri(hosts.Ingest, envelopePath), envelope, true),
            ("ingest POST /v1/checkins, publishing discarded", new Uri(hosts.IngestAlone, nativePath), native, false),
            ($"ingest POST {envelopePath}, publishing discarded", new Uri(hosts.IngestAlone, envelopePath), envelope, false),
            ("ingest POST /v1/checkins, durable broker (local run)", new Uri(hosts.IngestDurable, nativePath), native, true),
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; peak: wrk -t2 -c{connections}, {duration.TotalSeconds} s after {warmUp.TotalSeconds} s of warm-up; half peak: the same requests, {duration.TotalSeconds} s"));
        Console.WriteLine();
        Console.WriteLine("| endpoint | peak req/s | ratio to bare | offered at half peak | p50 | p99 | max | failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");

        var summary = new List<string>();
        var failures = 0L;
        var accepted = 0L;
        double? baseline = null;
        // "--only text" runs the baseline and the rows whose name contains the text, e.g. to profile one of them.
        var only = OptionText(args, "--only");
        foreach (var (name, url, script, publishes) in scenarios.Where((s, i) => i == 0 || only is null || s.Name.Contains(only, StringComparison.Ordinal)))
        {
            var runs = new List<WrkResult> { Wrk.Peak(url, script, connections, warmUp) };
            var peak = Wrk.Peak(url, script, connections, duration);
            var half = Wrk.AtRate(url, script, peak.PerSecond / 2, duration);
            runs.AddRange([peak, half]);
            baseline ??= peak.PerSecond;
            failures += runs.Sum(r => r.Failed);
            accepted += publishes ? runs.Sum(r => r.Completed - r.Failed) : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {peak.PerSecond:N0} | {peak.PerSecond / baseline.Value:F2} | {half.PerSecond:N0}/s | {half.P50:F2} ms | {half.P99:F2} ms | {half.Max:F1} ms | {runs.Sum(r => r.Failed)} |"));
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"ingest\t{name}\tbare endpoint: {baseline.Value:N0} req/s\t{peak.PerSecond:N0} req/s; p99 {half.P99:F2} ms at half peak\t{peak.PerSecond / baseline.Value:F2}\t≥ 0.50; p99 < 5 ms at half peak"));
        }

        // "--summary FILE" appends one tab-separated row per endpoint (area, figure, baseline, result, ratio, target) for bench/run.
        if (summaryFile is not null)
        {
            await File.AppendAllLinesAsync(summaryFile, summary.Skip(1));
        }

        // Every check-in answered 2xx must be on the broker, or the rows measured an ingest that drops work. wrk counts
        // only the answers it read before stopping, so the broker may hold a few more than that.
        var published = hosts.PublishedCount;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check-ins answered 2xx by the publishing rows: {accepted:N0}; on the emulated broker: {published:N0}"));
        if (failures > 0 || published < accepted)
        {
            await Console.Error.WriteLineAsync($"{failures} requests failed, or accepted check-ins are missing from the broker: the figures above do not count.");
            return 1;
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
