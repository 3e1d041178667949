namespace CheckIns.Domain.Quota;

/// <summary>
/// Quota and seat decisions (SEMANTICS R29, R35, R103) and the organisation-wide monitor limit (R14),
/// which one monitor cannot know. The processor implements it; <see cref="AcceptAllQuotaPolicy"/> is the
/// self-hosted default.
/// </summary>
public interface IQuotaPolicy
{
    /// <summary>R29: may a check-in for (project, slug) be accepted?</summary>
    QuotaPermit CheckAccept(long projectId, string monitorSlug);

    /// <summary>R35: assign a seat for an upserted monitor; false disables the monitor.</summary>
    bool TryAssignSeat(long projectId, string monitorSlug);

    /// <summary>R14: may one more monitor be created in the organization?</summary>
    bool CanCreateMonitor(long? organizationId, long projectId, string monitorSlug);

    /// <summary>R103: disabling a monitor through the API gives its seat back.</summary>
    void ReleaseSeat(long projectId, string monitorSlug);
}
