using System.Text.Json.Serialization;

namespace CheckIns.Processor.Storage;

/// <summary>One stored environment of <see cref="MonitorStateV1"/>.</summary>
public sealed record MonitorEnvironmentV1
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary><c>EnvironmentStatus</c>; absent means Active (0).</summary>
    [JsonPropertyName("status")]
    public int Status { get; init; }

    [JsonPropertyName("isMuted")]
    public bool IsMuted { get; init; }

    [JsonPropertyName("lastCheckIn")]
    public DateTimeOffset? LastCheckIn { get; init; }

    [JsonPropertyName("nextCheckIn")]
    public DateTimeOffset? NextCheckIn { get; init; }

    [JsonPropertyName("nextCheckInLatest")]
    public DateTimeOffset? NextCheckInLatest { get; init; }

    [JsonPropertyName("dateAdded")]
    public required DateTimeOffset DateAdded { get; init; }

    [JsonPropertyName("checkIns")]
    public IReadOnlyList<CheckInV1> CheckIns { get; init; } = [];

    [JsonPropertyName("activeIncident")]
    public IncidentV1? ActiveIncident { get; init; }

    [JsonPropertyName("resolvedIncidents")]
    public IReadOnlyList<IncidentV1> ResolvedIncidents { get; init; } = [];

    [JsonPropertyName("lastSuccessfulCheckIn")]
    public DateTimeOffset? LastSuccessfulCheckIn { get; init; }

    [JsonPropertyName("incidentCount")]
    public long IncidentCount { get; init; }

    /// <summary>Null for environments saved before ping UUIDs existed.</summary>
    [JsonPropertyName("pingUuid")]
    public Guid? PingUuid { get; init; }

    /// <summary>Absent in environments saved before ping methods existed, which accept any method ("").</summary>
    [JsonPropertyName("pingMethods")]
    public string PingMethods { get; init; } = "";
}
