namespace CheckIns.Domain.Model;

/// <summary>
/// The optional config keys (SEMANTICS R10) a user has sent, by upsert or the API: an upsert changes only the keys it
/// names (R49), so "never set" and "set to null" differ for the next upsert and a user needs to see which is which.
/// </summary>
[Flags]
public enum ConfigKeys
{
    None = 0,
    CheckInMargin = 1,
    MaxRuntime = 2,
    Timezone = 4,
    FailureIssueThreshold = 8,
    RecoveryThreshold = 16,
}
