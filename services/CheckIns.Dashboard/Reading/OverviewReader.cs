using CheckIns.Contracts;
using CheckIns.Dashboard.Display;
using Microsoft.Extensions.Options;

namespace CheckIns.Dashboard.Reading;

/// <summary>
/// Builds one overview page: the project's overview entries (one call to the processor, which answers from the
/// project index in one actor call) are filtered and sorted here, then only the page's monitors are read in full
/// for their check-ins, so a page costs one index read plus at most a page of monitor reads, whatever the project's size.
/// </summary>
public sealed class OverviewReader(SuiteClient suite, IOptions<DashboardOptions> options, TimeProvider time)
{
    private const int ConcurrentReads = 8;

    public async Task<OverviewModel> ReadAsync(ProjectSession session, OverviewQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var unavailable = new List<string>();
        var listing = Task.Run(() => suite.MonitorsAsync(session, ct), ct);
        var incidents = Task.Run(() => suite.IncidentsAsync(session, "open", monitor: null, ct), ct);
        var errors = Task.Run(() => suite.ProcessingErrorsAsync(session, ct), ct);
        var streamClock = Task.Run(() => suite.StreamClockAsync(session, ct), ct);

        var open = await Attempt(incidents, unavailable) ?? [];
        var monitors = await Attempt(listing, unavailable);
        var processingErrors = await Attempt(errors, unavailable) ?? [];
        var clock = await Attempt(streamClock, unavailable);
        if (monitors is null)
        {
            return new OverviewModel([], 0, 0, 1, 1, [], open, processingErrors, [.. unavailable.Distinct(StringComparer.Ordinal)], time.GetUtcNow(), clock);
        }

        var openSlugs = open.Select(i => i.Monitor.Slug).ToHashSet(StringComparer.Ordinal);
        var matching = monitors
            .Where(m => Matches(m, query))
            .OrderByDescending(m => openSlugs.Contains(m.Slug) || m.Environments.Any(e => e.HasActiveIncident))
            .ThenByDescending(m => m.Environments.Any(e => OverviewModel.Coarse(m, e).IsFailing()))
            .ThenBy(m => m.Slug, StringComparer.Ordinal)
            .ToList();
        var size = Math.Max(1, options.Value.PageSize);
        var pageCount = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Min(query.Page, pageCount);
        var onPage = matching.Skip((page - 1) * size).Take(size).ToList();

        var details = new MonitorDetail?[onPage.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, onPage.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ConcurrentReads, CancellationToken = ct },
                async (i, token) => details[i] = await suite.MonitorAsync(session, onPage[i].Slug, token));
        }
        catch (AppUnavailableException e)
        {
            unavailable.Add(e.AppId);
        }

        // The project's own errors and those of the page's monitors (read with them): the other monitors' errors are
        // on their pages, so the overview never reads every monitor for them.
        var shown = details.OfType<MonitorDetail>().ToList();
        processingErrors = [.. processingErrors
            .Concat(shown.SelectMany(m => m.ProcessingErrors.Select(e => new ProjectProcessingError(e.Id, e.ReceivedAt, "monitor", m.Slug, null, e.Errors))))
            .OrderByDescending(e => e.ReceivedAt)];
        var environments = monitors.SelectMany(m => m.Environments).Select(e => e.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new OverviewModel(
            shown,
            matching.Count,
            monitors.Count,
            page,
            pageCount,
            environments,
            open,
            processingErrors,
            [.. unavailable.Distinct(StringComparer.Ordinal)],
            time.GetUtcNow(),
            clock);
    }

    private static bool Matches(MonitorSummary monitor, OverviewQuery query)
    {
        if (query.Search is { } search
            && !monitor.Slug.Contains(search, StringComparison.OrdinalIgnoreCase)
            && !monitor.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var environments = monitor.Environments.Where(e => query.Environment is null || e.Name == query.Environment).ToList();
        if (query.Environment is not null && environments.Count == 0)
        {
            return false;
        }

        return query.Status is null || environments.Any(e => StatusFilter(OverviewModel.Coarse(monitor, e)) == query.Status);
    }

    private static string StatusFilter(HealthStatus status) => status switch
    {
        HealthStatus.Error or HealthStatus.Missed or HealthStatus.Timeout => "failing",
        HealthStatus.Ok or HealthStatus.InProgress => "ok",
        HealthStatus.Muted => "muted",
        HealthStatus.Disabled => "disabled",
        _ => "waiting",
    };

    private static async Task<T?> Attempt<T>(Task<T> read, List<string> unavailable)
        where T : class
    {
        try
        {
            return await read;
        }
        catch (AppUnavailableException e)
        {
            lock (unavailable)
            {
                unavailable.Add(e.AppId.Length > 0 ? e.AppId : AppIds.Processor);
            }

            return null;
        }
    }
}
