namespace CheckIns.Domain;

/// <summary>An outcome and its reason, e.g. (Invalid, "invalid_guid").</summary>
public sealed record BillingOutcome(BillingOutcomeKind Kind, string? Reason);
