using CheckIns.Domain.Quota;

namespace CheckIns.Domain.Tests.Support;

internal sealed class FakeQuota : IQuotaPolicy
{
    public QuotaPermit Permit { get; set; } = QuotaPermit.Accept;

    public bool Seat { get; set; } = true;

    public bool CanCreate { get; set; } = true;

    public int SeatsAssigned { get; private set; }

    public int SeatsReleased { get; private set; }

    public Exception? Failure { get; set; }

    public QuotaPermit CheckAccept(long projectId, string monitorSlug) => Failure is null ? Permit : throw Failure;

    public bool TryAssignSeat(long projectId, string monitorSlug)
    {
        if (Seat)
        {
            SeatsAssigned++;
        }

        return Seat;
    }

    public bool CanCreateMonitor(long? organizationId, long projectId, string monitorSlug) => CanCreate;

    public void ReleaseSeat(long projectId, string monitorSlug) => SeatsReleased++;
}
