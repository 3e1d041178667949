namespace CheckIns.Domain.Model;

/// <summary>SEMANTICS R4: upserted monitors are always CronJob.</summary>
public enum MonitorType
{
    Unknown = 0,
    CronJob = 3,
}
