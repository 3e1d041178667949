using System.Text.Json;

namespace CheckIns.Dashboard.Reading;

// What the dashboard reads of the processor's and the incidents app's JSON (snake_case on the wire); members it
// does not show are left out, so a new field there changes nothing here.

/// <summary>
/// The processor's stream clock (<c>GET …/stream-clock</c>): the ingest time up to which it has read every check-in.
/// Missed and timeout decisions wait for it, so its lag says how far behind they are.
/// </summary>
public sealed record StreamClock(bool Enabled, DateTimeOffset? Clock, double? LagSeconds, int Waiting);

/// <summary>A monitor's overview entry (<c>GET …/monitors?view=summary</c>): what the overview sorts and filters by.</summary>
public sealed record MonitorSummary(
    string Slug,
    string Name,
    string Status,
    bool IsMuted,
    IReadOnlyList<EnvironmentSummary> Environments);

public sealed record EnvironmentSummary(
    string Name,
    string Status,
    bool IsMuted,
    bool HasActiveIncident);

public sealed record MonitorConfig(
    string ScheduleType,
    JsonElement Schedule,
    int? CheckinMargin,
    int? MaxRuntime,
    JsonElement? Timezone,
    int? FailureIssueThreshold,
    int? RecoveryThreshold)
{
    /// <summary>The IANA zone the schedule runs in; UTC when none was set.</summary>
    public string Zone => Timezone is { ValueKind: JsonValueKind.String } zone ? zone.GetString() ?? "UTC" : "UTC";
}

public sealed record MonitorDetail(
    string Slug,
    string Name,
    string Status,
    bool IsMuted,
    MonitorConfig Config,
    DateTimeOffset DateAdded,
    IReadOnlyList<EnvironmentDetail> Environments,
    IReadOnlyList<ProcessingError> ProcessingErrors);

public sealed record EnvironmentDetail(
    string Name,
    string Status,
    bool IsMuted,
    DateTimeOffset? LastCheckin,
    DateTimeOffset? NextCheckin,
    DateTimeOffset? NextCheckinLatest,
    ActiveIncident? ActiveIncident,
    IReadOnlyList<CheckIn> RecentCheckins);

public sealed record ActiveIncident(string Id, DateTimeOffset StartingTimestamp);

public sealed record CheckIn(
    string Id,
    string Status,
    int? Duration,
    DateTimeOffset DateAdded,
    DateTimeOffset DateUpdated,
    DateTimeOffset? ExpectedTime,
    CheckInWorkflow? Workflow);

public sealed record CheckInWorkflow(string InstanceId, string? Status, string? Failure);

public sealed record ProcessingError(string Id, DateTimeOffset ReceivedAt, IReadOnlyList<ProcessingErrorDetail> Errors);

/// <summary>One processing error of the project's list, with the slug and environment of the check-in behind it.</summary>
public sealed record ProjectProcessingError(
    string Id,
    DateTimeOffset ReceivedAt,
    string Group,
    string MonitorSlug,
    string? Environment,
    IReadOnlyList<ProcessingErrorDetail> Errors);

public sealed record ProcessingErrorDetail(int Type, string Name, string? Reason);

public sealed record Incident(
    string Status,
    IncidentMonitor Monitor,
    string Environment,
    string IncidentId,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    string? Title,
    string? FailureReason,
    int OccurrenceCount,
    int MutedOccurrenceCount);

public sealed record IncidentMonitor(string Slug);
