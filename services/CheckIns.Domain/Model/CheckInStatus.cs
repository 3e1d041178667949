namespace CheckIns.Domain.Model;

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
