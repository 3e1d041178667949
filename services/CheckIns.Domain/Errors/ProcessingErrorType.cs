namespace CheckIns.Domain.Errors;

/// <summary>Processing error codes (SEMANTICS R7). The integers are persisted: never renumber.</summary>
public enum ProcessingErrorType
{
    CheckInEnvironmentMismatch = 0,
    CheckInFinished = 1,
    CheckInGuidProjectMismatch = 2,
    CheckInInvalidDuration = 3,
    CheckInInvalidGuid = 4,
    CheckInValidationFailed = 5,
    MonitorDisabled = 6,
    MonitorDisabledNoQuota = 7,
    MonitorInvalidConfig = 8,
    MonitorInvalidEnvironment = 9,
    MonitorLimitExceeded = 10,
    MonitorNotFound = 11,
    MonitorOverQuota = 12,
    MonitorEnvironmentLimitExceeded = 13,
    MonitorEnvironmentRateLimited = 14,
    OrganizationKillSwitchEnabled = 15,
    MonitorInvalidOwner = 16,
}
