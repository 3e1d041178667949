namespace CheckIns.Processor.Actors;

/// <summary>
/// Which monitor environment a Healthchecks ping UUID names, so that ingest can route <c>/ping/{uuid}</c>. The
/// monitor's own state is the truth: an entry is written before the monitor's turn saves and may outlive a turn that
/// did not commit or a UUID that was replaced, so a lookup confirms it against the monitor (<c>PingUuidsApi</c>).
/// </summary>
public interface IPingUuidIndex
{
    /// <summary>Points the UUID at the target; false when it already points at another environment.</summary>
    Task<bool> ClaimAsync(Guid uuid, PingTarget target, CancellationToken cancellationToken);

    /// <summary>Forgets the UUID if it still points at the target.</summary>
    Task ReleaseAsync(Guid uuid, PingTarget target, CancellationToken cancellationToken);

    Task<PingTarget?> FindAsync(Guid uuid, CancellationToken cancellationToken);
}

/// <summary>One monitor environment: a project, a normalised slug and an environment name.</summary>
public sealed record PingTarget(long ProjectId, string Slug, string Environment);
