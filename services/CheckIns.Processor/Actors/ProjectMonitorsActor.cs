using System.Globalization;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Actors;

/// <summary>
/// Keeps the set of a project's monitor slugs and, per monitor, its overview entry. A turn-based actor serialises
/// concurrent additions without an ETag retry loop, and keeps the index in the same actor state store as the
/// monitors it lists. The entries are spread over <see cref="Buckets"/> state keys by a stable hash of the slug, so
/// that a monitor's change rewrites a small part of a large project's index rather than all of it.
/// </summary>
public sealed class ProjectMonitorsActor(ActorHost host) : Actor(host), IProjectMonitorsActor
{
    private const string SlugsKey = "slugs";
    private const string OverviewKeyPrefix = "overview-";
    private const int Buckets = 64;

    public async Task AddAsync(string slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        await AddSlugAsync(slug);
    }

    public async Task<IReadOnlyList<string>> ListAsync() => await LoadAsync();

    public async Task SetOverviewAsync(MonitorOverviewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Slug);
        await AddSlugAsync(entry.Slug);
        var key = BucketKey(entry.Slug);
        var bucket = await LoadBucketAsync(key);
        if (bucket.TryGetValue(entry.Slug, out var kept) && kept == entry)
        {
            return;
        }

        bucket[entry.Slug] = entry;
        await StateManager.SetStateAsync(key, bucket);
    }

    public async Task<ProjectOverview> OverviewAsync()
    {
        var slugs = await LoadAsync();
        var entries = new Dictionary<string, MonitorOverviewEntry>(slugs.Count, StringComparer.Ordinal);
        for (var b = 0; b < Buckets; b++)
        {
            foreach (var (slug, entry) in await LoadBucketAsync(KeyOf(b)))
            {
                entries[slug] = entry;
            }
        }

        var found = new List<MonitorOverviewEntry>(slugs.Count);
        var without = new List<string>();
        foreach (var slug in slugs)
        {
            if (entries.TryGetValue(slug, out var entry))
            {
                found.Add(entry);
            }
            else
            {
                without.Add(slug);
            }
        }

        return new ProjectOverview(found, without);
    }

    private async Task AddSlugAsync(string slug)
    {
        var slugs = await LoadAsync();
        var at = slugs.BinarySearch(slug, StringComparer.Ordinal);
        if (at >= 0)
        {
            return;
        }

        slugs.Insert(~at, slug);
        await StateManager.SetStateAsync(SlugsKey, slugs);
    }

    private async Task<List<string>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<string>>(SlugsKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }

    private async Task<Dictionary<string, MonitorOverviewEntry>> LoadBucketAsync(string key)
    {
        var stored = await StateManager.TryGetStateAsync<Dictionary<string, MonitorOverviewEntry>>(key);
        return stored.HasValue ? new Dictionary<string, MonitorOverviewEntry>(stored.Value, StringComparer.Ordinal) : new(StringComparer.Ordinal);
    }

    /// <summary>FNV-1a over the slug's characters: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static string BucketKey(string slug)
    {
        var hash = 2166136261u;
        foreach (var c in slug)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return KeyOf((int)(hash % Buckets));
    }

    private static string KeyOf(int bucket) => OverviewKeyPrefix + bucket.ToString("D2", CultureInfo.InvariantCulture);
}
