using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.DashboardBenchmark;

// The dashboard's overview (GET /, first page) of one project with 10 000 monitors, against a bare page of the same
// app (GET /signin: the same layout and render pipeline, no reads) in the same run; see bench/README.md.
//   dotnet run -c Release --project bench/CheckIns.DashboardBenchmark -- [--quick] [--monitors N] [--requests N] [--summary FILE]
var monitors = 10_000;
var requests = 30;
string? summaryFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": requests = 10; break;
        case "--monitors": monitors = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--requests": requests = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--summary": summaryFile = args[++i]; break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}

// WebApplicationFactory finds the apps' content roots through MvcTestingAppManifest.json in the working directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var log = Console.Error;
var ct = CancellationToken.None;
log.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage.Now}; {monitors} monitors in project {DashboardHost.ProjectId}, {requests} requests per page");

await using var host = await DashboardHost.StartAsync(ct);

// Creation: one check-in each with its monitor_config (an upsert), arrays of 100; every 50th monitor fails, so the
// page has open incidents to put first.
var clock = Stopwatch.StartNew();
using (var ingest = host.Ingest.CreateClient())
{
    await Parallel.ForEachAsync(
        Enumerable.Range(0, (monitors + 99) / 100),
        new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
        async (request, token) =>
        {
            var json = new StringBuilder("[");
            for (var m = request * 100; m < Math.Min((request + 1) * 100, monitors); m++)
            {
                json.Append(json.Length > 1 ? "," : "").Append(CultureInfo.InvariantCulture,
                    $$$"""{"project_id":{{{DashboardHost.ProjectId}}},"monitor_slug":"bench-{{{m:D5}}}","status":"{{{(m % 50 == 7 ? "error" : "ok")}}}","monitor_config":{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30}}""");
            }

            using var content = new StringContent(json.Append(']').ToString(), Encoding.UTF8, "application/json");
            using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = content };
            post.Headers.Add("dapr-api-token", DashboardHost.Token);
            using var response = await ingest.SendAsync(post, token);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }
        });
}

await host.Env.WaitForIdleAsync(ct);
log.WriteLine($"created {monitors} monitors in {clock.Elapsed.TotalSeconds:F1} s (load average {LoadAverage.Now})");

using var processor = host.Processor.CreateClient();
processor.DefaultRequestHeaders.Authorization = new("Bearer", DashboardHost.Token);
var listed = await processor.GetFromJsonAsync<JsonElement>($"/v1/projects/{DashboardHost.ProjectId}/monitors?view=summary", ct);
if (listed.GetArrayLength() != monitors)
{
    throw new InvalidOperationException($"the project index lists {listed.GetArrayLength()} monitors, not {monitors}");
}

using var dashboard = host.Dashboard.CreateClient();
var measure = new PageTimer(dashboard);

// Warm-up, discarded: JIT compilation and the first activation of the actors the page reads.
for (var i = 0; i < 3; i++)
{
    await measure.TimeAsync("/", ct);
    await measure.TimeAsync("/signin", ct);
}

// What one overview page costs the actor runtime (index, the page's monitors; the incidents app's own reads).
var calls = host.Env.Cluster.Actors.MethodCalls;
var page = await measure.BodyAsync("/", ct);
var callsPerPage = host.Env.Cluster.Actors.MethodCalls - calls;
if (!page.Contains("bench-00007", StringComparison.Ordinal))
{
    throw new InvalidOperationException("the overview's first page does not show the first failing monitor");
}

// Interleaved, so both pages see the same load on the machine.
var overview = new List<double>(requests);
var bare = new List<double>(requests);
for (var i = 0; i < requests; i++)
{
    overview.Add(await measure.TimeAsync("/", ct));
    bare.Add(await measure.TimeAsync("/signin", ct));
}

// For contrast, once each: the processor's summary view alone, and the full listing that calls every monitor actor.
var summaryMs = await Timed(() => processor.GetByteArrayAsync($"/v1/projects/{DashboardHost.ProjectId}/monitors?view=summary", ct));
calls = host.Env.Cluster.Actors.MethodCalls;
var fullMs = await Timed(() => processor.GetByteArrayAsync($"/v1/projects/{DashboardHost.ProjectId}/monitors", ct));
var fullCalls = host.Env.Cluster.Actors.MethodCalls - calls;

var overviewMedian = Median(overview);
var bareMedian = Median(bare);
var met = overviewMedian < 1000;
var load = LoadAverage.Now;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average at the end: {load}");
Console.WriteLine();
Console.WriteLine("| figure | median | p90 | min | max |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine(Row($"overview first page (GET /), {monitors} monitors", overview));
Console.WriteLine(Row("bare page of the same app (GET /signin)", bare));
Console.WriteLine();
Console.WriteLine($"overview / bare page (medians): {overviewMedian / bareMedian:F1}; under a second: {(met ? "met" : "missed")} ({overviewMedian:F0} ms)");
Console.WriteLine($"actor calls for one overview page: {callsPerPage} (the full listing: {fullCalls})");
Console.WriteLine($"processor alone, once: ?view=summary {summaryMs:F0} ms; the full listing (every monitor actor) {fullMs:F0} ms");
if (summaryFile is not null)
{
    File.AppendAllLines(summaryFile,
    [
        string.Join('\t', "dashboard", $"overview first page, {monitors} monitors (median of {requests})", $"GET /signin: {bareMedian:F0} ms",
            $"{overviewMedian:F0} ms, {callsPerPage} actor calls", (overviewMedian / bareMedian).ToString("F1", CultureInfo.InvariantCulture),
            $"< 1 s: {(met ? "met" : "missed")}"),
    ]);
}

log.WriteLine($"load average at the end: {load}");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Row(string name, List<double> values)
{
    var sorted = values.Order().ToList();
    return $"| {name} | {Median(values):F0} ms | {sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1]:F0} ms | {sorted[0]:F0} ms | {sorted[^1]:F0} ms |";
}

static async Task<double> Timed(Func<Task> call)
{
    var watch = Stopwatch.StartNew();
    await call();
    return watch.Elapsed.TotalMilliseconds;
}

internal sealed partial class Program;
