namespace CheckIns.Domain;

/// <summary>Billing outcome of a check-in (SEMANTICS R121), for metrics; null where Sentry emits none.</summary>
public enum BillingOutcomeKind
{
    Accepted = 0,
    Filtered = 1,
    RateLimited = 2,
    Invalid = 3,
    Abuse = 4,
}
