namespace CheckIns.Processor.Actors;

/// <summary>The per-project list of monitors, so that <c>GET /v1/projects/{id}/monitors</c> can list them.</summary>
public interface IProjectIndex
{
    Task AddAsync(long projectId, string slug, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken);
}
