namespace CheckIns.Ingest.Projects;

/// <summary>Which monitor environment a Healthchecks ping UUID names; the processor keeps that (its <c>PingUuidActor</c>).</summary>
public interface IPingUuidLookup
{
    /// <summary>The UUID's environment, or null when no environment has it. Throws <see cref="PingLookupException"/> when it cannot tell.</summary>
    Task<PingRoute?> FindAsync(Guid uuid, CancellationToken cancellationToken);
}

/// <summary>A ping UUID's monitor environment and its Healthchecks <c>methods</c> ("" or "POST").</summary>
public sealed record PingRoute(long ProjectId, string MonitorSlug, string Environment, string PingMethods)
{
    public bool PostOnly => PingMethods == "POST";
}

/// <summary>The processor could not be asked: the ping is answered 503, so that <c>curl --retry</c> tries again.</summary>
public sealed class PingLookupException : Exception
{
    public PingLookupException()
    {
    }

    public PingLookupException(string message)
        : base(message)
    {
    }

    public PingLookupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
