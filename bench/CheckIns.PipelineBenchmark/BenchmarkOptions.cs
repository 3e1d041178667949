using System.Globalization;

namespace CheckIns.PipelineBenchmark;

/// <summary>What one invocation measures; see bench/README.md for the defaults and why.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Monitor counts, one run each, in this order; the first is the baseline of the ratio.</summary>
    public IReadOnlyList<int> Monitors { get; init; } = [1_000, 10_000, 100_000];

    /// <summary>Check-ins of each path's throughput phases in each run (after every monitor exists), split over the rounds.</summary>
    public int CheckIns { get; init; } = 100_000;

    /// <summary>Throughput phases per path, alternated (workflow first in odd rounds, direct actor calls first in even ones).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Bare one-activity workflows per measurement (three per run, the median kept), at the workflow path's concurrency.</summary>
    public int BareWorkflows { get; init; } = 5_000;

    /// <summary>How long the paced latency phase posts, at half the throughput just measured.</summary>
    public TimeSpan LatencyPhase { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests (arrays of <see cref="CheckInsPerRequest"/>) in flight at once in the throughput phase.</summary>
    public int Concurrency { get; init; } = 8;

    public int CheckInsPerRequest { get; init; } = 100;

    /// <summary>Share of error check-ins: each turns an OK monitor to error (and the next OK back), so status events occur.</summary>
    public double ErrorShare { get; init; } = 0.05;

    /// <summary>Monitors per project: a project's monitor index is one list, kept in one actor.</summary>
    public int MonitorsPerProject { get; init; } = 100;

    /// <summary>Settings given to the processor on top of its own (<c>--set Processor:BulkMaxMessagesCount=500</c>).</summary>
    public IReadOnlyDictionary<string, string> ProcessorSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>A file that gets one tab-separated summary row per run appended (what <c>bench/run</c> tabulates).</summary>
    public string? SummaryFile { get; init; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        if (args.Contains("--quick"))
        {
            options = options with { Monitors = [1_000, 10_000], CheckIns = 10_000, LatencyPhase = TimeSpan.FromSeconds(5), BareWorkflows = 2_000 };
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options,
                "--monitors" => options with { Monitors = [.. Next().Split(',').Select(Int)] },
                "--checkins" => options with { CheckIns = Int(Next()) },
                "--rounds" => options with { Rounds = Math.Max(1, Int(Next())) },
                "--bare-workflows" => options with { BareWorkflows = Int(Next()) },
                "--latency-seconds" => options with { LatencyPhase = TimeSpan.FromSeconds(Int(Next())) },
                "--concurrency" => options with { Concurrency = Int(Next()) },
                "--monitors-per-project" => options with { MonitorsPerProject = Int(Next()) },
                "--set" => options with { ProcessorSettings = WithSetting(options.ProcessorSettings, Next()) },
                "--summary" => options with { SummaryFile = Path.GetFullPath(Next()) },
                "--error-share" => options with { ErrorShare = double.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown argument {args[i]}; see bench/README.md"),
            };
        }

        return options;
    }

    private static Dictionary<string, string> WithSetting(IReadOnlyDictionary<string, string> settings, string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        return at <= 0
            ? throw new ArgumentException($"--set takes key=value, not {pair}")
            : new Dictionary<string, string>(settings) { [pair[..at]] = pair[(at + 1)..] };
    }

    private static int Int(string text) => int.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
