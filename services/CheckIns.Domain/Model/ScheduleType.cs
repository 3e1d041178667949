namespace CheckIns.Domain.Model;

/// <summary>SEMANTICS R5; wire names "crontab" and "interval".</summary>
public enum ScheduleType
{
    Unknown = 0,
    Crontab = 1,
    Interval = 2,
}
