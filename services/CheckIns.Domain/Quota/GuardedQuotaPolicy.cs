namespace CheckIns.Domain.Quota;

/// <summary>Wraps every failure of the caller's policy in <see cref="QuotaPolicyException"/>.</summary>
internal sealed class GuardedQuotaPolicy(IQuotaPolicy inner) : IQuotaPolicy
{
    public QuotaPermit CheckAccept(long projectId, string monitorSlug)
    {
        try
        {
            return inner.CheckAccept(projectId, monitorSlug);
        }
        catch (Exception ex) when (ex is not QuotaPolicyException)
        {
            throw Failed(nameof(CheckAccept), ex);
        }
    }

    public bool TryAssignSeat(long projectId, string monitorSlug)
    {
        try
        {
            return inner.TryAssignSeat(projectId, monitorSlug);
        }
        catch (Exception ex) when (ex is not QuotaPolicyException)
        {
            throw Failed(nameof(TryAssignSeat), ex);
        }
    }

    public bool CanCreateMonitor(long? organizationId, long projectId, string monitorSlug)
    {
        try
        {
            return inner.CanCreateMonitor(organizationId, projectId, monitorSlug);
        }
        catch (Exception ex) when (ex is not QuotaPolicyException)
        {
            throw Failed(nameof(CanCreateMonitor), ex);
        }
    }

    public void ReleaseSeat(long projectId, string monitorSlug)
    {
        try
        {
            inner.ReleaseSeat(projectId, monitorSlug);
        }
        catch (Exception ex) when (ex is not QuotaPolicyException)
        {
            throw Failed(nameof(ReleaseSeat), ex);
        }
    }

    private static QuotaPolicyException Failed(string operation, Exception inner) =>
        new($"The quota policy failed in {operation}.", inner);
}
