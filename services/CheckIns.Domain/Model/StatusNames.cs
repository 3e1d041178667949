namespace CheckIns.Domain.Model;

/// <summary>Lower-case wire names of the enums, as Sentry's API and messages spell them.</summary>
public static class StatusNames
{
    public static string Of(CheckInStatus status) => status switch
    {
        CheckInStatus.Ok => "ok",
        CheckInStatus.Error => "error",
        CheckInStatus.InProgress => "in_progress",
        CheckInStatus.Missed => "missed",
        CheckInStatus.Timeout => "timeout",
        _ => "unknown",
    };

    public static string Of(EnvironmentStatus status) => status switch
    {
        EnvironmentStatus.Active => "active",
        EnvironmentStatus.Disabled => "disabled",
        EnvironmentStatus.PendingDeletion => "pending_deletion",
        EnvironmentStatus.DeletionInProgress => "deletion_in_progress",
        EnvironmentStatus.Ok => "ok",
        _ => "error",
    };

    public static string Of(MonitorStatus status) => status switch
    {
        MonitorStatus.Active => "active",
        MonitorStatus.Disabled => "disabled",
        MonitorStatus.PendingDeletion => "pending_deletion",
        _ => "deletion_in_progress",
    };

    public static string Of(IntervalUnit unit) => unit switch
    {
        IntervalUnit.Minute => "minute",
        IntervalUnit.Hour => "hour",
        IntervalUnit.Day => "day",
        IntervalUnit.Week => "week",
        IntervalUnit.Month => "month",
        _ => "year",
    };
}
