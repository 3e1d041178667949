namespace CheckIns.Domain.Model;

/// <summary>
/// One environment of a monitor (SEMANTICS R11) with its bounded recent check-ins (oldest first by
/// date_added), its active incident and a bounded history of resolved ones.
/// </summary>
public sealed record MonitorEnvironment
{
    /// <summary>Deterministic id derived from the monitor and the environment name.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public EnvironmentStatus Status { get; init; } = EnvironmentStatus.Active;

    public bool IsMuted { get; init; }

    public DateTimeOffset? LastCheckIn { get; init; }

    public DateTimeOffset? NextCheckIn { get; init; }

    public DateTimeOffset? NextCheckInLatest { get; init; }

    public required DateTimeOffset DateAdded { get; init; }

    /// <summary>Recent check-ins, ordered by date_added (oldest first); bounded (see README).</summary>
    public IReadOnlyList<CheckIn> CheckIns { get; init; } = [];

    public Incident? ActiveIncident { get; init; }

    /// <summary>Recently resolved incidents, newest last; bounded.</summary>
    public IReadOnlyList<Incident> ResolvedIncidents { get; init; } = [];

    /// <summary>date_added of the newest OK check-in ever seen, kept even when it left the window (R118 "Last successful check-in").</summary>
    public DateTimeOffset? LastSuccessfulCheckIn { get; init; }

    /// <summary>How many incidents this environment has opened; incident ids derive from it.</summary>
    public long IncidentCount { get; init; }

    /// <summary>
    /// The Healthchecks ping UUID (<c>/ping/{uuid}</c>): random, drawn once when the environment is created
    /// (<see cref="EngineOptions.NewPingUuid"/>) and kept in the monitor's state, so a redelivered check-in finds it
    /// already set; replaceable through the API. Null only for an environment stored before ping UUIDs existed.
    /// </summary>
    public Guid? PingUuid { get; init; }

    /// <summary>Healthchecks' <c>methods</c>: <see cref="PingMethodsAny"/> or <see cref="PingMethodsPost"/> (HEAD and GET pings are ignored).</summary>
    public string PingMethods { get; init; } = PingMethodsAny;

    public const string PingMethodsAny = "";

    public const string PingMethodsPost = "POST";
}
