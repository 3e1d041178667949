namespace CheckIns.Processor.Actors;

/// <summary>The per-project list of monitors, so that <c>GET /v1/projects/{id}/monitors</c> can list them.</summary>
public interface IProjectIndex
{
    Task AddAsync(long projectId, string slug, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>Keeps the monitor's overview entry (adding its slug when new).</summary>
    Task SetOverviewAsync(long projectId, MonitorOverviewEntry entry, CancellationToken cancellationToken);

    /// <summary>The project's overview entries, in one call.</summary>
    Task<ProjectOverview> OverviewAsync(long projectId, CancellationToken cancellationToken);
}
