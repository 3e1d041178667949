namespace CheckIns.Domain.Quota;

/// <summary>Accepts everything, assigns every seat, never hits the organisation limit.</summary>
public sealed class AcceptAllQuotaPolicy : IQuotaPolicy
{
    public static AcceptAllQuotaPolicy Instance { get; } = new();

    public QuotaPermit CheckAccept(long projectId, string monitorSlug) => QuotaPermit.Accept;

    public bool TryAssignSeat(long projectId, string monitorSlug) => true;

    public bool CanCreateMonitor(long? organizationId, long projectId, string monitorSlug) => true;

    public void ReleaseSeat(long projectId, string monitorSlug)
    {
    }
}
