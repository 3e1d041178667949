namespace CheckIns.Domain.Quota;

/// <summary>Quota permit result (SEMANTICS R6).</summary>
public enum QuotaPermit
{
    Accept = 0,
    Drop = 1,
    AcceptedForUpsert = 2,
}
