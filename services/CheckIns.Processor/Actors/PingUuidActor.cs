using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Actors;

/// <summary>
/// The ping UUID index, one actor per UUID: a lookup is one actor read whatever the number of monitors, and two
/// environments claiming the same UUID are serialised by the actor's turns, so only the first gets it.
/// </summary>
public sealed class PingUuidActor(ActorHost host) : Actor(host), IPingUuidActor
{
    private const string TargetKey = "target";

    public async Task<bool> ClaimAsync(PingTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var current = await FindAsync();
        if (current == target)
        {
            return true;
        }

        if (current is not null)
        {
            return false;
        }

        await StateManager.SetStateAsync(TargetKey, target);
        return true;
    }

    public async Task ReleaseAsync(PingTarget target)
    {
        if (await FindAsync() == target)
        {
            await StateManager.RemoveStateAsync(TargetKey);
        }
    }

    public async Task<PingTarget?> FindAsync()
    {
        var stored = await StateManager.TryGetStateAsync<PingTarget>(TargetKey);
        return stored.HasValue ? stored.Value : null;
    }
}
