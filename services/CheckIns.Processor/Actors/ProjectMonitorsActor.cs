using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Actors;

/// <summary>
/// Keeps the set of a project's monitor slugs. A turn-based actor serialises concurrent additions without
/// an ETag retry loop, and keeps the index in the same actor state store as the monitors it lists.
/// </summary>
public sealed class ProjectMonitorsActor(ActorHost host) : Actor(host), IProjectMonitorsActor
{
    private const string SlugsKey = "slugs";

    public async Task AddAsync(string slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        var slugs = await LoadAsync();
        var at = slugs.BinarySearch(slug, StringComparer.Ordinal);
        if (at >= 0)
        {
            return;
        }

        slugs.Insert(~at, slug);
        await StateManager.SetStateAsync(SlugsKey, slugs);
    }

    public async Task<IReadOnlyList<string>> ListAsync() => await LoadAsync();

    private async Task<List<string>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<string>>(SlugsKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }
}
