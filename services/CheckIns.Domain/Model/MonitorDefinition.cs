namespace CheckIns.Domain.Model;

/// <summary>The monitor row (SEMANTICS R9), present once the monitor exists.</summary>
public sealed record MonitorDefinition
{
    /// <summary>Deterministic UUID derived from project and slug.</summary>
    public required Guid Guid { get; init; }

    public long? OrganizationId { get; init; }

    public required string Name { get; init; }

    public MonitorStatus Status { get; init; } = MonitorStatus.Active;

    public MonitorType Type { get; init; } = MonitorType.CronJob;

    /// <summary>"user:ID" or "team:ID", or null (R50: at most one of user and team).</summary>
    public string? Owner { get; init; }

    /// <summary>Monitor-level mute; an environment is muted when this or its own flag is set (D16).</summary>
    public bool IsMuted { get; init; }

    /// <summary>D5: set when a check-in carried monitor_config, cleared by the next new check-in without one.</summary>
    public bool IsUpserting { get; init; }

    public required MonitorConfig Config { get; init; }

    public required DateTimeOffset DateAdded { get; init; }
}
