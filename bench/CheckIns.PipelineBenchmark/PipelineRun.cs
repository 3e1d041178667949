using System.Diagnostics;
using System.Text.Json;
using CheckIns.Contracts;

namespace CheckIns.PipelineBenchmark;

/// <summary>
/// One run for one monitor count, on a fresh emulator and fresh apps: create the monitors (timed apart), then the
/// throughput phase (as fast as ingest takes them, until the processor has acknowledged every check-in, which it
/// does only after the actor state is saved), then the latency phase (paced at half that throughput).
/// </summary>
internal sealed class PipelineRun(BenchmarkOptions options, int monitors, TextWriter log)
{
    private const int ThroughputPhase = 1;
    private const int LatencyPhase = 2;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(15);

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var load = new CheckInLoad(options, monitors);
        await using var host = await PipelineHost.StartAsync(load.Projects, options.ProcessorSettings, ct);
        using var poster = new CheckInPoster(host.Ingest.CreateClient());

        // Creating a monitor costs more than a check-in (activation, project index); it is timed apart.
        var clock = Stopwatch.StartNew();
        await poster.PostAllAsync(load.CreateRequests, load.CreateBody, options.Concurrency, ct);
        await DrainAsync(host, ct);
        var createSeconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"  {monitors} monitors created in {createSeconds:F1} s");

        var requests = options.CheckIns / options.CheckInsPerRequest;
        var checkIns = requests * options.CheckInsPerRequest;
        var store = host.ActorStore.Stats;
        var calls = host.Env.Cluster.Actors.MethodCalls;
        clock.Restart();
        await poster.PostAllAsync(requests, i => load.Body(ThroughputPhase, i), options.Concurrency, ct);
        var posted = clock.Elapsed.TotalSeconds;
        await DrainAsync(host, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var written = host.ActorStore.Stats;
        var turns = host.Env.Cluster.Actors.MethodCalls - calls;
        log.WriteLine($"  {checkIns} check-ins: posted in {posted:F1} s, in actor state after {seconds:F1} s ({checkIns / seconds:F0}/s)");

        var latency = await MeasureLatencyAsync(host, poster, load, checkIns / seconds / 2, ct);
        log.WriteLine($"  latency: {latency.Events} status events from {latency.CheckIns} check-ins at {latency.CheckInsPerSecond:F0}/s");

        await EnsureNothingLostAsync(host, load, ct);
        var sizes = BytesPerMonitor(host);
        return new RunResult
        {
            Monitors = monitors,
            CreateSeconds = createSeconds,
            CheckIns = checkIns,
            Seconds = seconds,
            Turns = turns,
            StateTransactions = written.Transactions - store.Transactions,
            KeysWritten = written.KeysWritten - store.KeysWritten,
            BytesWritten = written.BytesWritten - store.BytesWritten,
            Latency = latency,
            MeanBytesPerMonitor = sizes.Average(),
            MaxBytesPerMonitor = sizes.Max(),
        };
    }

    /// <summary>
    /// Posts at <paramref name="rate"/> check-ins per second for the latency phase and returns, for every
    /// environment_status_changed event the phase caused, the delay from its check-in's received_at (stamped by
    /// ingest) to the emulator's receipt of the event (stamped by the sidecar the processor published through).
    /// </summary>
    private async Task<LatencySample> MeasureLatencyAsync(PipelineHost host, CheckInPoster poster, CheckInLoad load, double rate, CancellationToken ct)
    {
        var requests = Math.Max(1, (int)(rate * options.LatencyPhase.TotalSeconds / options.CheckInsPerRequest));
        var before = host.Env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Count;
        var start = DateTimeOffset.UtcNow;
        await poster.PostPacedAsync(requests, i => load.Body(LatencyPhase, i), rate / options.CheckInsPerRequest, ct);
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

    private static async Task DrainAsync(PipelineHost host, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (host.Backlog > 0)
        {
            if (clock.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"the processor still had {host.Backlog} check-ins to acknowledge after {DrainTimeout}");
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

    /// <summary>Value bytes of each monitor actor's keys (state, reminder bookkeeping, outbox), per monitor.</summary>
    private static List<long> BytesPerMonitor(PipelineHost host)
    {
        var prefix = $"{AppIds.Processor}||MonitorActor||";
        return [.. host.ActorStore.ValueSizes(prefix)
            .GroupBy(kv => kv.Key.AsSpan(prefix.Length).ToString().Split("||")[0], StringComparer.Ordinal)
            .Select(g => g.Sum(kv => (long)kv.Value))];
    }
}
