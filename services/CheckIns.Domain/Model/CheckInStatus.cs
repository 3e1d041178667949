namespace CheckIns.Domain;

/// <summary>Check-in status, stored as an integer (SEMANTICS R1).</summary>
public enum CheckInStatus
{
    Unknown = 0,
    Ok = 1,
    Error = 2,
    InProgress = 3,
    Missed = 4,
    Timeout = 5,
}

/// <summary>Monitor-environment status (SEMANTICS R2). Error means an unresolved incident exists.</summary>
public enum EnvironmentStatus
{
    Active = 0,
    Disabled = 1,
    PendingDeletion = 2,
    DeletionInProgress = 3,
    Ok = 4,
    Error = 5,
}

/// <summary>Whether the monitor is enabled, not whether it is healthy (SEMANTICS R3).</summary>
public enum MonitorStatus
{
    Active = 0,
    Disabled = 1,
    PendingDeletion = 2,
    DeletionInProgress = 3,
}

/// <summary>SEMANTICS R4: upserted monitors are always CronJob.</summary>
public enum MonitorType
{
    Unknown = 0,
    CronJob = 3,
}

/// <summary>SEMANTICS R5; wire names "crontab" and "interval".</summary>
public enum ScheduleType
{
    Unknown = 0,
    Crontab = 1,
    Interval = 2,
}

/// <summary>Units of an interval schedule (SEMANTICS R109).</summary>
public enum IntervalUnit
{
    Minute = 0,
    Hour = 1,
    Day = 2,
    Week = 3,
    Month = 4,
    Year = 5,
}

/// <summary>Quota permit result (SEMANTICS R6).</summary>
public enum QuotaPermit
{
    Accept = 0,
    Drop = 1,
    AcceptedForUpsert = 2,
}
