using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Storage;

/// <summary>
/// The monitor's saved state to and from the model, field by field. Reading checks the schema version first: a
/// version this code does not know throws rather than being read as one it does.
/// </summary>
public static class MonitorStateMapper
{
    /// <summary>The newest version this code reads, and the one it writes.</summary>
    public const int CurrentVersion = MonitorStateV1.Version;

    public static MonitorStateV1 ToStored(MonitorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new MonitorStateV1
        {
            SchemaVersion = MonitorStateV1.Version,
            ProjectId = state.ProjectId,
            Slug = state.Slug,
            Monitor = state.Monitor is { } monitor ? ToStored(monitor) : null,
            Environments = [.. state.Environments.Select(MonitorEnvironmentMapper.ToStored)],
            ProcessingErrors = [.. state.ProcessingErrors.Select(ProcessingErrorMapper.ToStored)],
            AppliedMessageIds = [.. state.AppliedMessageIds],
            RateWindows = [.. state.RateWindows.Select(ToStored)],
            EffectSequence = state.EffectSequence,
            LastReceivedAt = state.LastReceivedAt,
            Exists = state.Exists,
        };
    }

    /// <exception cref="UnsupportedSchemaVersionException">The state names a version this code does not know.</exception>
    public static MonitorState ToModel(MonitorStateV1 stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.SchemaVersion != MonitorStateV1.Version)
        {
            throw new UnsupportedSchemaVersionException($"The state of monitor {stored.ProjectId}:{stored.Slug}", stored.SchemaVersion, CurrentVersion);
        }

        return new MonitorState
        {
            ProjectId = stored.ProjectId,
            Slug = stored.Slug,
            Monitor = stored.Monitor is { } monitor ? ToModel(monitor) : null,
            Environments = [.. (stored.Environments ?? []).Select(MonitorEnvironmentMapper.ToModel)],
            ProcessingErrors = [.. (stored.ProcessingErrors ?? []).Select(ProcessingErrorMapper.ToModel)],
            AppliedMessageIds = [.. stored.AppliedMessageIds ?? []],
            RateWindows = [.. (stored.RateWindows ?? []).Select(ToModel)],
            EffectSequence = stored.EffectSequence,
            LastReceivedAt = stored.LastReceivedAt,
        };
    }

    private static MonitorDefinitionV1 ToStored(MonitorDefinition monitor) => new()
    {
        Guid = monitor.Guid,
        OrganizationId = monitor.OrganizationId,
        Name = monitor.Name,
        Status = (int)monitor.Status,
        Type = (int)monitor.Type,
        Owner = monitor.Owner,
        IsMuted = monitor.IsMuted,
        IsUpserting = monitor.IsUpserting,
        Config = ToStored(monitor.Config),
        DateAdded = monitor.DateAdded,
    };

    private static MonitorDefinition ToModel(MonitorDefinitionV1 monitor) => new()
    {
        Guid = monitor.Guid,
        OrganizationId = monitor.OrganizationId,
        Name = monitor.Name,
        Status = (MonitorStatus)monitor.Status,
        Type = (MonitorType)monitor.Type,
        Owner = monitor.Owner,
        IsMuted = monitor.IsMuted,
        IsUpserting = monitor.IsUpserting,
        Config = ToModel(monitor.Config),
        DateAdded = monitor.DateAdded,
    };

    private static MonitorConfigV1 ToStored(MonitorConfig config) => new()
    {
        ScheduleType = (int)config.ScheduleType,
        Crontab = config.Crontab,
        IntervalCount = config.IntervalCount,
        IntervalUnit = config.IntervalUnit is { } unit ? (int)unit : null,
        CheckInMargin = config.CheckInMargin,
        MaxRuntime = config.MaxRuntime,
        Timezone = config.Timezone,
        FailureIssueThreshold = config.FailureIssueThreshold,
        RecoveryThreshold = config.RecoveryThreshold,
        SetKeys = config.SetKeys is { } keys ? (int)keys : null,
        KeysSet = (int)config.KeysSet,
    };

    private static MonitorConfig ToModel(MonitorConfigV1 config) => new()
    {
        ScheduleType = (ScheduleType)config.ScheduleType,
        Crontab = config.Crontab,
        IntervalCount = config.IntervalCount,
        IntervalUnit = config.IntervalUnit is { } unit ? (IntervalUnit)unit : null,
        CheckInMargin = config.CheckInMargin,
        MaxRuntime = config.MaxRuntime,
        Timezone = config.Timezone,
        FailureIssueThreshold = config.FailureIssueThreshold,
        RecoveryThreshold = config.RecoveryThreshold,
        SetKeys = config.SetKeys is { } keys ? (ConfigKeys)keys : null,
    };

    private static RateWindowV1 ToStored(RateWindow window) => new() { Environment = window.Environment, Minute = window.Minute, Count = window.Count };

    private static RateWindow ToModel(RateWindowV1 window) => new(window.Environment, window.Minute, window.Count);
}
