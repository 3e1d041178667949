using System.Text.Json;

namespace CheckIns.Domain.Config;

/// <summary>
/// A create-or-edit request from the monitor API. Every member is optional on edit; creating a monitor
/// needs <see cref="Config"/>. <see cref="Config"/> has the monitor_config shape (SEMANTICS R17):
/// schedule, schedule_type, checkin_margin, max_runtime, timezone, thresholds.
/// </summary>
public sealed record MonitorConfigRequest
{
    public required long ProjectId { get; init; }

    public long? OrganizationId { get; init; }

    /// <summary>The normalised slug.</summary>
    public required string Slug { get; init; }

    public JsonElement? Config { get; init; }

    public string? Name { get; init; }

    /// <summary>"user:ID" or "team:ID"; an empty string clears the owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Mute or unmute the monitor and all its environments (D16).</summary>
    public bool? IsMuted { get; init; }

    /// <summary>"active" or "disabled" (R114).</summary>
    public string? Status { get; init; }
}
