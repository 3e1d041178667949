using CheckIns.Domain.Quota;

namespace CheckIns.Domain;

/// <summary>Limits and bounds of the rules engine. Defaults follow SEMANTICS R8.</summary>
public sealed record EngineOptions
{
    /// <summary>Check-ins per monitor environment per ingest-time minute (R28, D8).</summary>
    public int RateLimitPerMinute { get; init; } = 6;

    /// <summary>Used in the R14 message; the count itself lives outside one monitor (<see cref="IQuotaPolicy.CanCreateMonitor"/>).</summary>
    public int MaxMonitorsPerOrganization { get; init; } = 10_000;

    public int MaxEnvironmentsPerMonitor { get; init; } = 1_000;

    /// <summary>Recent check-ins kept per environment; raised to the monitor's thresholds when those are larger.</summary>
    public int RecentCheckInsPerEnvironment { get; init; } = 50;

    /// <summary>Applied message ids remembered for idempotency.</summary>
    public int AppliedMessageIdWindow { get; init; } = 256;

    /// <summary>Resolved incidents kept per environment.</summary>
    public int ResolvedIncidentsPerEnvironment { get; init; } = 10;

    /// <summary>Processing errors kept per monitor (R105).</summary>
    public int ProcessingErrorsKept { get; init; } = 10;

    public TimeSpan ProcessingErrorLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Organizations whose check-ins are refused (R27).</summary>
    public IReadOnlySet<long> KillSwitchedOrganizations { get; init; } = new HashSet<long>();

    /// <summary>
    /// Draws the ping UUID of a new environment. Random, not derived from names: a Healthchecks UUID is the ping's
    /// only credential, so it must not be computable from the project, slug and environment that anyone may know.
    /// </summary>
    public Func<Guid> NewPingUuid { get; init; } = Guid.NewGuid;

    public static EngineOptions Default { get; } = new();
}
