namespace CheckIns.Incidents.Handling;

/// <summary>
/// Titles and subtitles follow Sentry's newest revision (SEMANTICS D14), not the reference revision (R118):
/// "Cron failure: {name}" and "Your monitor is failing: {reason}." say what failed and why in the issue list, where
/// "Your monitor has reached its failure threshold." says neither.
/// </summary>
public static class OccurrenceWording
{
    public const string EnvironmentLabel = "Environment";
    public const string FailureReasonLabel = "Failure reason";
    public const string LastSuccessfulCheckInLabel = "Last successful check-in";
    public const string NeverSucceeded = "Never";

    /// <summary>
    /// Used only when an event arrives without its reason. The rules engine computes R119 and guards Q12 (a window
    /// with no failed check-in), so this is a contract slip, not a normal path; it keeps the occurrence readable.
    /// </summary>
    public const string UnknownFailureReason = "A failed check-in was detected";

    public static string Title(string monitorName) => $"Cron failure: {monitorName}";

    public static string Subtitle(string failureReason) => $"Your monitor is failing: {failureReason}.";
}
