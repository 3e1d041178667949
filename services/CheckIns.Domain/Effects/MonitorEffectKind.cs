namespace CheckIns.Domain.Effects;

/// <summary>What a <see cref="MonitorEffect"/> reports.</summary>
public enum MonitorEffectKind
{
    /// <summary>An issue occurrence for a failed check-in (SEMANTICS R74, R118).</summary>
    IncidentOccurrence = 0,

    /// <summary>The incident was resolved (R79, R120).</summary>
    IncidentResolved = 1,

    /// <summary>The environment's status changed (e.g. active → ok, ok → error).</summary>
    EnvironmentStatusChanged = 2,
}
