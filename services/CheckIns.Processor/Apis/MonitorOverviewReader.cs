using CheckIns.Contracts;
using CheckIns.Processor.Actors;

namespace CheckIns.Processor.Apis;

/// <summary>
/// <c>GET /v1/projects/{id}/monitors?view=summary</c>: every monitor's overview entry, read from the project index in
/// one actor call. A monitor indexed before the index kept entries has none until its next turn writes it; only
/// those monitors are read from their actors, so the listing is complete from the first request on.
/// </summary>
public static class MonitorOverviewReader
{
    public static async Task<List<MonitorOverviewEntry>> ReadAsync(
        long projectId,
        IProjectIndex index,
        IMonitorActors monitors,
        ProcessorOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(monitors);
        ArgumentNullException.ThrowIfNull(options);
        var overview = await index.OverviewAsync(projectId, cancellationToken);
        if (overview.WithoutEntry.Count == 0)
        {
            return [.. overview.Entries];
        }

        var older = new MonitorOverviewEntry?[overview.WithoutEntry.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, older.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentReads), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var state = await monitors.GetAsync(MonitorKeys.Of(projectId, overview.WithoutEntry[i]), ct);
                older[i] = state?.Monitor is { } monitor ? MonitorOverviews.Of(state, monitor) : null;
            });

        // The index's order: slugs in ordinal order.
        return [.. overview.Entries.Concat(older.OfType<MonitorOverviewEntry>()).OrderBy(e => e.Slug, StringComparer.Ordinal)];
    }
}
