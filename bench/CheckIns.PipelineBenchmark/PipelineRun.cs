using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CheckIns.BareWorkflow;
using CheckIns.Contracts;

namespace CheckIns.PipelineBenchmark;

/// <summary>
/// One run for one monitor count, on a fresh emulator and fresh apps: create the monitors (timed apart), then the
/// throughput phases of both paths on the same monitors, alternated over the rounds (workflow then direct actor
/// calls, then the other way round, so that a drift of the machine's load or of the monitors' state weighs on both),
/// each until the processor has acknowledged every check-in and every workflow has completed; then a latency phase
/// per path (paced at half that path's throughput); then, on a fresh emulator, the bare one-activity workflow at the
/// concurrency the workflow path had.
/// </summary>
internal sealed class PipelineRun(BenchmarkOptions options, int monitors, TextWriter log)
{
    private const int LatencyPhaseBase = 1_000;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(10);

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var load = new CheckInLoad(options, monitors);
        var totals = new Dictionary<CheckInPath, PhaseCounters> { [CheckInPath.Workflow] = PhaseCounters.Zero, [CheckInPath.DirectActor] = PhaseCounters.Zero };
        var latencies = new Dictionary<CheckInPath, LatencySample>();
        double createSeconds;
        double meanBytes;
        long maxBytes;
        await using (var host = await PipelineHost.StartAsync(load.Projects, options.ProcessorSettings, ct))
        {
            using var poster = new CheckInPoster(host.Ingest.CreateClient());

            // Creating a monitor costs more than a check-in (activation, project index, organisation seat); it is
            // timed apart, through the direct actor calls, which leave the same actor state and take less time.
            host.Path.Current = CheckInPath.DirectActor;
            var clock = Stopwatch.StartNew();
            await poster.PostAllAsync(load.CreateRequests, load.CreateBody, options.Concurrency, ct);
            await DrainAsync(host, ct);
            createSeconds = clock.Elapsed.TotalSeconds;
            log.WriteLine($"  {monitors} monitors created in {createSeconds:F1} s");

            var requests = Math.Max(1, options.CheckIns / options.Rounds / options.CheckInsPerRequest);
            for (var round = 0; round < options.Rounds; round++)
            {
                CheckInPath[] order = round % 2 == 0 ? [CheckInPath.Workflow, CheckInPath.DirectActor] : [CheckInPath.DirectActor, CheckInPath.Workflow];
                foreach (var path in order)
                {
                    var phase = 1 + (round * 2) + (int)path;
                    var counters = await ThroughputAsync(host, poster, load, path, phase, requests, ct);
                    totals[path] = totals[path].Plus(counters);
                    log.WriteLine($"  round {round + 1}, {Name(path)}: {counters.CheckIns} check-ins in {counters.Seconds:F1} s ({counters.CheckIns / counters.Seconds:F0}/s), {counters.MeanInFlight:F0} workflows in flight on average; load average {LoadAverage.Now}");
                }
            }

            foreach (var path in new[] { CheckInPath.Workflow, CheckInPath.DirectActor })
            {
                var rate = totals[path].CheckIns / totals[path].Seconds / 2;
                latencies[path] = await MeasureLatencyAsync(host, poster, load, path, rate, ct);
                log.WriteLine($"  latency, {Name(path)}: {latencies[path].Events} status events from {latencies[path].CheckIns} check-ins at {rate:F0}/s");
            }

            await EnsureNothingLostAsync(host, load, ct);
            var sizes = BytesPerMonitor(host);
            meanBytes = sizes.Average();
            maxBytes = sizes.Max();
        }

        // On a fresh emulator with nothing else in the process, as many in flight as the workflow path had (the median
        // of three measurements); the pipeline's heap is collected first so that its garbage is not collected then.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var inFlight = Math.Max(1, (int)Math.Ceiling(totals[CheckInPath.Workflow].MeanInFlight));
        BareWorkflowRate bare;
        await using (var workflows = await BareWorkflowHost.StartAsync())
        {
            bare = await workflows.MeasureAsync($"bare-{monitors}", options.BareWorkflows, inFlight, repeats: 3);
        }

        log.WriteLine($"  bare one-activity workflow, {inFlight} in flight: {bare.WorkflowsPerSecond:F0}/s");
        return new RunResult
        {
            Monitors = monitors,
            CreateSeconds = createSeconds,
            Workflow = new PathResult { Path = CheckInPath.Workflow, Counters = totals[CheckInPath.Workflow], Latency = latencies[CheckInPath.Workflow] },
            DirectActor = new PathResult { Path = CheckInPath.DirectActor, Counters = totals[CheckInPath.DirectActor], Latency = latencies[CheckInPath.DirectActor] },
            Bare = bare,
            MeanBytesPerMonitor = meanBytes,
            MaxBytesPerMonitor = maxBytes,
        };
    }

    public static string Name(CheckInPath path) => path == CheckInPath.Workflow ? "workflow path" : "direct actor calls";

    /// <summary>Posts the phase's check-ins as fast as ingest takes them and waits until all of their work is done.</summary>
    private async Task<PhaseCounters> ThroughputAsync(PipelineHost host, CheckInPoster poster, CheckInLoad load, CheckInPath path, int phase, int requests, CancellationToken ct)
    {
        host.Path.Current = path;
        var store = host.ActorStore.Stats;
        var calls = host.Env.Cluster.Actors.MethodCalls;
        var workflows = host.Workflows;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SampleInFlightAsync(host, sampling.Token);
        var clock = Stopwatch.StartNew();
        await poster.PostAllAsync(requests, i => load.Body(phase, i), options.Concurrency, ct);
        await DrainAsync(host, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var (sum, samples) = await sampler;
        var storeAfter = host.ActorStore.Stats;
        var workflowsAfter = host.Workflows;
        return new PhaseCounters(
            requests * options.CheckInsPerRequest,
            seconds,
            host.Env.Cluster.Actors.MethodCalls - calls,
            storeAfter.Transactions - store.Transactions,
            storeAfter.KeysWritten - store.KeysWritten,
            storeAfter.BytesWritten - store.BytesWritten,
            workflowsAfter.InstancesStarted - workflows.InstancesStarted,
            workflowsAfter.OrchestratorWorkItems - workflows.OrchestratorWorkItems,
            workflowsAfter.ActivityWorkItems - workflows.ActivityWorkItems,
            workflowsAfter.HistoryEventsStored - workflows.HistoryEventsStored,
            sum,
            samples);
    }

    private static async Task<(double Sum, long Samples)> SampleInFlightAsync(PipelineHost host, CancellationToken ct)
    {
        double sum = 0;
        long samples = 0;
        using var timer = new PeriodicTimer(SamplePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                sum += host.WorkflowsInFlight;
                samples++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return (sum, samples);
    }

    /// <summary>
    /// Posts at <paramref name="rate"/> check-ins per second for the latency phase and returns, for every
    /// environment_status_changed event the phase caused, the delay from its check-in's received_at (stamped by
    /// ingest) to the emulator's receipt of the event (stamped by the sidecar the processor published through).
    /// </summary>
    private async Task<LatencySample> MeasureLatencyAsync(PipelineHost host, CheckInPoster poster, CheckInLoad load, CheckInPath path, double rate, CancellationToken ct)
    {
        host.Path.Current = path;
        var requests = Math.Max(1, (int)(rate * options.LatencyPhase.TotalSeconds / options.CheckInsPerRequest));
        var before = host.Env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Count;
        var start = DateTimeOffset.UtcNow;
        await poster.PostPacedAsync(requests, i => load.Body(LatencyPhaseBase + (int)path, i), rate / options.CheckInsPerRequest, ct);
        await DrainAsync(host, ct);

        var delays = new List<TimeSpan>();
        foreach (var message in host.Env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Skip(before))
        {
            using var doc = JsonDocument.Parse(message.Data);
            var root = doc.RootElement;
            var receivedAt = root.GetProperty("received_at").GetDateTimeOffset();
            if (root.GetProperty("kind").GetString() == MonitorStatusEventKinds.EnvironmentStatusChanged && receivedAt >= start)
            {
                delays.Add(message.PublishedAt - receivedAt);
            }
        }

        return LatencySample.Of(delays, requests * options.CheckInsPerRequest, rate);
    }

    /// <summary>Every check-in acknowledged by the processor, and every workflow (the events' publishing) completed.</summary>
    private static async Task DrainAsync(PipelineHost host, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (host.Backlog > 0 || host.WorkflowsInFlight > 0)
        {
            if (clock.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"after {DrainTimeout} the processor still had {host.Backlog} check-ins to acknowledge and {host.WorkflowsInFlight} workflows running");
            }

            await Task.Delay(5, ct);
        }
    }

    /// <summary>A run that dead-lettered or rejected check-ins did not measure what it claims: no dead letter, and a sample of monitors (both schedule kinds) without processing errors.</summary>
    private static async Task EnsureNothingLostAsync(PipelineHost host, CheckInLoad load, CancellationToken ct)
    {
        var deadLetters = host.Env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter).Count;
        if (deadLetters > 0)
        {
            throw new InvalidOperationException($"{deadLetters} check-ins went to the dead-letter topic");
        }

        using var processor = host.Processor.CreateClient();
        processor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AppToken);
        for (var m = 0; m < load.Monitors; m += (load.Monitors / 20) + 1)
        {
            var uri = new Uri($"/v1/projects/{load.ProjectOf(m)}/monitors/{CheckInLoad.Slug(m)}", UriKind.Relative);
            using var doc = JsonDocument.Parse(await processor.GetStringAsync(uri, ct));
            var errors = doc.RootElement.GetProperty("processing_errors");
            if (errors.GetArrayLength() > 0)
            {
                throw new InvalidOperationException($"monitor {CheckInLoad.Slug(m)} recorded processing errors: {errors}");
            }
        }
    }

    /// <summary>Value bytes of each monitor actor's keys (state, reminder bookkeeping, kept replies), per monitor.</summary>
    private static List<long> BytesPerMonitor(PipelineHost host)
    {
        var prefix = $"{AppIds.Processor}||MonitorActor||";
        return [.. host.ActorStore.ValueSizes(prefix)
            .GroupBy(kv => kv.Key.AsSpan(prefix.Length).ToString().Split("||")[0], StringComparer.Ordinal)
            .Select(g => g.Sum(kv => (long)kv.Value))];
    }
}
