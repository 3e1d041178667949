namespace CheckIns.Dashboard.Reading;

/// <summary>A monitor's page: the monitor (null when the project has none of that slug, or it could not be read).</summary>
public sealed record MonitorPageModel(
    MonitorDetail? Monitor,
    IReadOnlyList<Incident> Incidents,
    IReadOnlyList<string> Unavailable,
    DateTimeOffset ReadAt);

public sealed class MonitorPageReader(SuiteClient suite, TimeProvider time)
{
    public async Task<MonitorPageModel> ReadAsync(ProjectSession session, string slug, CancellationToken ct)
    {
        var unavailable = new List<string>();
        var monitorRead = Task.Run(() => suite.MonitorAsync(session, slug, ct), ct);
        var incidentsRead = Task.Run(() => suite.IncidentsAsync(session, status: null, monitor: slug, ct), ct);
        MonitorDetail? monitor = null;
        IReadOnlyList<Incident> incidents = [];
        try
        {
            monitor = await monitorRead;
        }
        catch (AppUnavailableException e)
        {
            unavailable.Add(e.AppId);
        }

        try
        {
            incidents = await incidentsRead;
        }
        catch (AppUnavailableException e)
        {
            unavailable.Add(e.AppId);
        }

        return new MonitorPageModel(monitor, incidents, unavailable, time.GetUtcNow());
    }
}
