namespace CheckIns.Domain.Model;

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
