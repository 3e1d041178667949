namespace CheckIns.Domain.Config;

/// <summary>Mute or disable one environment of a monitor from the API (SEMANTICS D16, R2). Every member is optional.</summary>
public sealed record EnvironmentConfigRequest
{
    public required long ProjectId { get; init; }

    /// <summary>The normalised slug.</summary>
    public required string Slug { get; init; }

    /// <summary>The environment's name, as the monitor's environments list shows it.</summary>
    public required string Environment { get; init; }

    /// <summary>Mute or unmute this environment only (D16).</summary>
    public bool? IsMuted { get; init; }

    /// <summary>"active" or "disabled" (R2).</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Create the environment when the monitor has none of that name (name rules and the environment limit as for a
    /// check-in, R43, R44), so that its ping UUID exists before its first ping.
    /// </summary>
    public bool Create { get; init; }

    /// <summary>A new Healthchecks ping UUID for the environment; the old one stops answering.</summary>
    public Guid? PingUuid { get; init; }

    /// <summary>Healthchecks' <c>methods</c>: "" (HEAD, GET and POST ping) or "POST" (only POST pings count).</summary>
    public string? PingMethods { get; init; }
}
