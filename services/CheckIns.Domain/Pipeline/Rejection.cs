using CheckIns.Domain.Errors;

namespace CheckIns.Domain.Pipeline;

/// <summary>Why a check-in was refused: the R7 errors and the billing outcome (null where Sentry emits none, R121).</summary>
internal sealed record Rejection(IReadOnlyList<ProcessingError> Errors, BillingOutcome? Billing)
{
    public static Rejection Of(ProcessingErrorType type, BillingOutcomeKind outcome, string reason) =>
        new([ProcessingError.Of(type)], new BillingOutcome(outcome, reason));

    public static Rejection Of(ProcessingError error, BillingOutcomeKind outcome, string reason) =>
        new([error], new BillingOutcome(outcome, reason));
}
