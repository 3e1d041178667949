using System.Text.Json;
using System.Text.Json.Serialization;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Apis;

/// <summary>A monitor as the read API shows it (snake_case on the wire).</summary>
public sealed record MonitorView(
    long ProjectId,
    string Slug,
    string Guid,
    string Name,
    string Status,
    string Type,
    string? Owner,
    bool IsMuted,
    MonitorConfigView Config,
    DateTimeOffset DateAdded,
    IReadOnlyList<EnvironmentView> Environments,
    IReadOnlyList<ProcessingErrorView> ProcessingErrors)
{
    /// <summary>
    /// The stream clock its missed and timeout decisions wait for, and how far it is behind (null when the clock is off
    /// or could not be read): "why is this not marked missed yet" answered on the monitor itself.
    /// </summary>
    public StreamClockSummaryView? StreamClock { get; init; }
}

/// <summary>The stream clock on a monitor read: its time, its lag behind the processor's clock, the decisions waiting.</summary>
public sealed record StreamClockSummaryView(DateTimeOffset? Clock, double? LagSeconds, int Waiting);

/// <summary>A project's monitor in a listing: the monitor without check-in history.</summary>
public sealed record MonitorSummaryView(
    string Slug,
    string Guid,
    string Name,
    string Status,
    bool IsMuted,
    MonitorConfigView Config,
    IReadOnlyList<EnvironmentSummaryView> Environments);

/// <summary>
/// The config in the shape Sentry stores and shows it (R10, R113): the four numeric keys always (null when unset),
/// <c>timezone</c> only when it was set (so an explicit null shows as null and a never-set one is absent), and
/// <c>config_keys_set</c>: every key the user has sent, explicitly null ones included, which the next upsert keeps (R49).
/// </summary>
public sealed record MonitorConfigView(
    string ScheduleType,
    JsonElement Schedule,
    int? CheckinMargin,
    int? MaxRuntime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Timezone,
    int? FailureIssueThreshold,
    int? RecoveryThreshold,
    IReadOnlyList<string> ConfigKeysSet);

/// <summary>A monitor environment; <c>id</c> is its stable monitor-environment id, the one in <c>crons:{id}</c> (D13).</summary>
public sealed record EnvironmentView(
    string Id,
    string Name,
    string Status,
    bool IsMuted,
    DateTimeOffset? LastCheckin,
    DateTimeOffset? NextCheckin,
    DateTimeOffset? NextCheckinLatest,
    DateTimeOffset? LastSuccessfulCheckin,
    DateTimeOffset DateAdded,
    IncidentView? ActiveIncident,
    IReadOnlyList<CheckInView> RecentCheckins,
    string? PingUuid,
    string PingMethods);

public sealed record EnvironmentSummaryView(
    string Id,
    string Name,
    string Status,
    bool IsMuted,
    DateTimeOffset? LastCheckin,
    DateTimeOffset? NextCheckin,
    bool HasActiveIncident,
    string? PingUuid);

public sealed record IncidentView(
    string Id,
    string Fingerprint,
    string StartingCheckinId,
    DateTimeOffset StartingTimestamp,
    DateTimeOffset DateAdded);

public sealed record CheckInView(
    string Id,
    string Status,
    int? Duration,
    DateTimeOffset DateAdded,
    DateTimeOffset DateUpdated,
    DateTimeOffset? ExpectedTime,
    DateTimeOffset? TimeoutAt,
    string? TraceId,
    CheckInWorkflowView? Workflow = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null);

public sealed record ProcessingErrorView(
    string Id,
    string MessageId,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ProcessingErrorDetailView> Errors,
    JsonElement? Payload);

/// <summary>One error: its R7 code, its name, and the extra fields that code carries.</summary>
public sealed record ProcessingErrorDetailView(
    int Type,
    string Name,
    string? ExistingEnvironment,
    string? Guid,
    string? Duration,
    string? Reason,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors);

public static class MonitorViewMapper
{
    public static MonitorView ToView(MonitorState state, MonitorDefinition monitor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(monitor);
        return new MonitorView(
            state.ProjectId,
            state.Slug,
            monitor.Guid.ToString(),
            monitor.Name,
            StatusNames.Of(monitor.Status),
            "cron_job",
            monitor.Owner,
            monitor.IsMuted,
            ToView(monitor.Config),
            monitor.DateAdded,
            [.. InApiOrder(state.Environments, monitor).Select(e => ToView(e, monitor))],
            [.. state.ProcessingErrors.Reverse().Select(ToView)]);
    }

    public static MonitorSummaryView ToSummary(MonitorState state, MonitorDefinition monitor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(monitor);
        return new MonitorSummaryView(
            state.Slug,
            monitor.Guid.ToString(),
            monitor.Name,
            StatusNames.Of(monitor.Status),
            monitor.IsMuted,
            ToView(monitor.Config),
            [.. InApiOrder(state.Environments, monitor).Select(e => new EnvironmentSummaryView(
                e.Id,
                e.Name,
                StatusNames.Of(e.Status),
                IsMuted(e, monitor),
                e.LastCheckIn,
                e.NextCheckIn,
                e.ActiveIncident is not null,
                e.PingUuid?.ToString()))]);
    }

    public static ProcessingErrorView ToView(ProcessingErrorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ProcessingErrorView(
            record.Id,
            record.MessageId,
            record.ReceivedAt,
            [.. record.Errors.Select(e => new ProcessingErrorDetailView(
                (int)e.Type, ErrorName(e.Type), e.ExistingEnvironment, e.Guid, e.Duration, e.Reason, e.Errors))],
            record.Payload);
    }

    /// <summary>SEMANTICS R7 names, spelled as Sentry spells them (CHECKIN, RATELIMITED, KILLSWITCH).</summary>
    public static string ErrorName(ProcessingErrorType type) => type switch
    {
        ProcessingErrorType.CheckInEnvironmentMismatch => "CHECKIN_ENVIRONMENT_MISMATCH",
        ProcessingErrorType.CheckInFinished => "CHECKIN_FINISHED",
        ProcessingErrorType.CheckInGuidProjectMismatch => "CHECKIN_GUID_PROJECT_MISMATCH",
        ProcessingErrorType.CheckInInvalidDuration => "CHECKIN_INVALID_DURATION",
        ProcessingErrorType.CheckInInvalidGuid => "CHECKIN_INVALID_GUID",
        ProcessingErrorType.CheckInValidationFailed => "CHECKIN_VALIDATION_FAILED",
        ProcessingErrorType.MonitorDisabled => "MONITOR_DISABLED",
        ProcessingErrorType.MonitorDisabledNoQuota => "MONITOR_DISABLED_NO_QUOTA",
        ProcessingErrorType.MonitorInvalidConfig => "MONITOR_INVALID_CONFIG",
        ProcessingErrorType.MonitorInvalidEnvironment => "MONITOR_INVALID_ENVIRONMENT",
        ProcessingErrorType.MonitorLimitExceeded => "MONITOR_LIMIT_EXCEEDED",
        ProcessingErrorType.MonitorNotFound => "MONITOR_NOT_FOUND",
        ProcessingErrorType.MonitorOverQuota => "MONITOR_OVER_QUOTA",
        ProcessingErrorType.MonitorEnvironmentLimitExceeded => "MONITOR_ENVIRONMENT_LIMIT_EXCEEDED",
        ProcessingErrorType.MonitorEnvironmentRateLimited => "MONITOR_ENVIRONMENT_RATELIMITED",
        ProcessingErrorType.OrganizationKillSwitchEnabled => "ORGANIZATION_KILLSWITCH_ENABLED",
        ProcessingErrorType.MonitorInvalidOwner => "MONITOR_INVALID_OWNER",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a SEMANTICS R7 processing error"),
    };

    private static MonitorConfigView ToView(MonitorConfig config)
    {
        var stored = config.ToJson();
        return new MonitorConfigView(
            config.ScheduleType == ScheduleType.Interval ? "interval" : "crontab",
            stored.GetProperty("schedule").Clone(),
            config.CheckInMargin,
            config.MaxRuntime,
            config.KeysSet.HasFlag(ConfigKeys.Timezone) ? JsonSerializer.SerializeToElement(config.Timezone, MonitorViewJson.Default.String) : null,
            config.FailureIssueThreshold,
            config.RecoveryThreshold,
            config.KeyNamesSet());
    }

    public static EnvironmentView ToView(MonitorEnvironment environment, MonitorDefinition monitor) => new(
        environment.Id,
        environment.Name,
        StatusNames.Of(environment.Status),
        IsMuted(environment, monitor),
        environment.LastCheckIn,
        environment.NextCheckIn,
        environment.NextCheckInLatest,
        environment.LastSuccessfulCheckIn,
        environment.DateAdded,
        environment.ActiveIncident is { } incident
            ? new IncidentView(incident.Id, incident.Fingerprint, incident.StartingCheckInId.ToString(), incident.StartingTimestamp, incident.DateAdded)
            : null,
        [.. environment.CheckIns.Reverse().Select(c => new CheckInView(
            c.Id.ToString(),
            StatusNames.Of(c.Status),
            c.DurationMs,
            c.DateAdded,
            c.DateUpdated,
            c.ExpectedTime,
            c.TimeoutAt,
            c.TraceId,
            CheckInWorkflowViews.Of(c),
            c.Body))],
        environment.PingUuid?.ToString(),
        environment.PingMethods);

    /// <summary>D16: an environment is muted when it or its monitor is.</summary>
    private static bool IsMuted(MonitorEnvironment environment, MonitorDefinition monitor) => environment.IsMuted || monitor.IsMuted;

    /// <summary>SEMANTICS R2: error, ok, active, disabled; muted environments last.</summary>
    private static IEnumerable<MonitorEnvironment> InApiOrder(IEnumerable<MonitorEnvironment> environments, MonitorDefinition monitor) =>
        environments
            .OrderBy(e => IsMuted(e, monitor))
            .ThenBy(e => e.Status switch
            {
                EnvironmentStatus.Error => 0,
                EnvironmentStatus.Ok => 1,
                EnvironmentStatus.Active => 2,
                _ => 3,
            });
}

/// <summary>Source-generated JSON for the few values the views write themselves.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class MonitorViewJson : JsonSerializerContext;
