using Dapr.Actors;

namespace CheckIns.Processor.Actors;

/// <summary>One Healthchecks ping UUID (actor id = the UUID, dashed lowercase) and the environment it names.</summary>
public interface IPingUuidActor : IActor
{
    /// <summary>Points the UUID at the target, unless it points at another one (then false and nothing changes).</summary>
    Task<bool> ClaimAsync(PingTarget target);

    /// <summary>Forgets the target if it is this one.</summary>
    Task ReleaseAsync(PingTarget target);

    /// <summary>Read only.</summary>
    Task<PingTarget?> FindAsync();
}
