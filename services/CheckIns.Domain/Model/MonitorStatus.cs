namespace CheckIns.Domain.Model;

/// <summary>Whether the monitor is enabled, not whether it is healthy (SEMANTICS R3).</summary>
public enum MonitorStatus
{
    Active = 0,
    Disabled = 1,
    PendingDeletion = 2,
    DeletionInProgress = 3,
}
