namespace CheckIns.Ingest;

/// <summary>Limits of the ingest app and the projects it accepts (section "Ingest"); reloadable.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Largest body of the native, cron and ping routes, before and after decompression.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest envelope, before and after decompression.</summary>
    public long MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest single check_in item (Relay's <c>max_check_in_size</c>: 100 KiB).</summary>
    public int MaxCheckInBytes { get; set; } = 100 * 1024;

    /// <summary>Most items in one envelope; SDKs send one check-in per envelope.</summary>
    public int MaxEnvelopeItems { get; set; } = 100;

    /// <summary>Most check-ins in one native request (a JSON array).</summary>
    public int MaxCheckInsPerRequest { get; set; } = 100;

    /// <summary>Most check-ins in one bulk publish to the sidecar; check-ins of concurrent requests share a call.</summary>
    public int PublishBatchMaxEntries { get; set; } = 500;

    /// <summary>Bulk publish calls in flight at once; while they run, the next requests' check-ins gather into the next call.</summary>
    public int PublishConcurrency { get; set; } = 2;

    /// <summary>How long a bulk publish may take before its check-ins count as unpublished (503, the client retries).</summary>
    public int PublishTimeoutSeconds { get; set; } = 10;

    /// <summary>The <c>Retry-After</c> seconds answered with a 503 when publishing failed.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// Healthchecks' <c>PING_BODY_LIMIT</c>: the bytes of a ping's body kept on its check-in (self-hosted default
    /// 10 000), advertised in the <c>Ping-Body-Limit</c> header; the rest is cut off.
    /// </summary>
    public int PingBodyLimit { get; set; } = 10_000;

    /// <summary>How long ingest keeps a ping UUID's environment once the processor named it (0: ask every time).</summary>
    public int PingUuidCacheSeconds { get; set; } = 10;

    /// <summary>
    /// How often ingest publishes a clock pulse (SEMANTICS R89: one per partition per minute), so that the processor's
    /// stream clock moves when no check-ins come; 0 publishes none (the processor's missed and timeout decisions then
    /// wait for check-ins to move the clock). Read at start.
    /// </summary>
    public int ClockPulseIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Partition keys each pulse is published under. A publisher cannot name a partition, so the pulse goes out under
    /// this many keys, far more than the topic has partitions, so that every partition gets one. Read at start.
    /// </summary>
    public int ClockPulsePartitionKeys { get; set; } = 64;

    /// <summary>Projects by numeric id ("1": {...}), so that environment variables can address them: <c>Ingest__Projects__1__Keys__0__PublicKey</c>.</summary>
    public Dictionary<string, ProjectOptions> Projects { get; init; } = [];
}

public sealed class ProjectOptions
{
    public long? OrganizationId { get; set; }

    public bool Enabled { get; set; } = true;

    public List<ProjectKeyOptions> Keys { get; init; } = [];
}

public sealed class ProjectKeyOptions
{
    /// <summary>The DSN's public key; also the Healthchecks ping key of the project.</summary>
    public string PublicKey { get; set; } = "";

    public bool Enabled { get; set; } = true;
}
