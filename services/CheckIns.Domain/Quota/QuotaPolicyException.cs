namespace CheckIns.Domain.Quota;

/// <summary>
/// The <see cref="IQuotaPolicy"/> failed. It escapes the engine, so the caller's turn fails and is
/// retried; a check-in is never dropped because the quota service was unreachable.
/// </summary>
public sealed class QuotaPolicyException : Exception
{
    public QuotaPolicyException()
    {
    }

    public QuotaPolicyException(string message)
        : base(message)
    {
    }

    public QuotaPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
