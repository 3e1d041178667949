using CheckIns.Domain.Model;

namespace CheckIns.Domain.Effects;

/// <summary>
/// Something the actor publishes after saving the state. Carries everything a monitors-status event
/// needs; <see cref="EffectId"/> is deterministic (monitor key and effect sequence) so a consumer drops
/// a redelivered effect.
/// </summary>
public sealed record MonitorEffect
{
    public required string EffectId { get; init; }

    public required MonitorEffectKind Kind { get; init; }

    public required long ProjectId { get; init; }

    public long? OrganizationId { get; init; }

    public required Guid MonitorGuid { get; init; }

    public required string MonitorSlug { get; init; }

    public required string MonitorName { get; init; }

    public required MonitorConfig MonitorConfig { get; init; }

    public string? Owner { get; init; }

    public required string Environment { get; init; }

    /// <summary>The stable monitor-environment id (<see cref="MonitorEnvironment.Id"/>), the one in the fingerprint (D13).</summary>
    public required string MonitorEnvironmentId { get; init; }

    /// <summary>The environment's status after the change.</summary>
    public required EnvironmentStatus EnvironmentStatus { get; init; }

    public bool Muted { get; init; }

    public Incident? Incident { get; init; }

    /// <summary>The failed check-in (occurrence), the resolving one (resolution), or the one that moved the status.</summary>
    public CheckIn? CheckIn { get; init; }

    /// <summary>For an occurrence: the window of check-ins that led to it, the failed one included, oldest first.</summary>
    public IReadOnlyList<CheckIn> PreviousCheckIns { get; init; } = [];

    /// <summary>R119 text, for occurrences.</summary>
    public string? FailureReason { get; init; }

    public DateTimeOffset? LastSuccessfulCheckIn { get; init; }

    /// <summary>Ingest time of the causing check-in; for a missed or timed-out check-in, the tick time.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
