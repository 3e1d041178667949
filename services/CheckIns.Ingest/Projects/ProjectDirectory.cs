using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Projects;

public sealed record Project(long Id, long? OrganizationId, bool Enabled);

public sealed record ProjectKey(string PublicKey, bool Enabled, Project Project);

/// <summary>
/// The configured projects and their keys, rebuilt whenever the configuration changes
/// (IOptionsMonitor), so that a key can be added or disabled without a restart.
/// </summary>
public sealed class ProjectDirectory : IDisposable
{
    private readonly ILogger<ProjectDirectory> _logger;
    private readonly IDisposable? _subscription;
    private volatile Snapshot _snapshot;

    public ProjectDirectory(IOptionsMonitor<IngestOptions> options, ILogger<ProjectDirectory> logger)
    {
        _logger = logger;
        _snapshot = Build(options.CurrentValue);
        _subscription = options.OnChange(o => _snapshot = Build(o));
    }

    public Project? FindProject(long projectId) =>
        _snapshot.Projects.GetValueOrDefault(projectId);

    public ProjectKey? FindKey(string publicKey) =>
        _snapshot.Keys.GetValueOrDefault(publicKey);

    public void Dispose() => _subscription?.Dispose();

    private Snapshot Build(IngestOptions options)
    {
        var projects = new Dictionary<long, Project>();
        var keys = new Dictionary<string, ProjectKey>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, config) in options.Projects)
        {
            if (!ProjectIds.TryParse(name, out var id))
            {
                _logger.LogWarning("Ignoring project {ProjectName}: a project id is a positive integer", name);
                continue;
            }

            var project = new Project(id, config.OrganizationId, config.Enabled);
            projects[id] = project;
            foreach (var key in config.Keys)
            {
                if (string.IsNullOrWhiteSpace(key.PublicKey))
                {
                    continue;
                }

                if (!keys.TryAdd(key.PublicKey, new ProjectKey(key.PublicKey, key.Enabled, project)))
                {
                    ambiguous.Add(key.PublicKey);
                }
            }
        }

        // A key configured for two projects cannot tell which one a request means: refuse it.
        foreach (var key in ambiguous)
        {
            _logger.LogWarning("Public key ending {KeySuffix} is configured for more than one project and is refused", Suffix(key));
            keys.Remove(key);
        }

        _logger.LogInformation("Loaded {ProjectCount} projects with {KeyCount} keys", projects.Count, keys.Count);
        return new Snapshot(projects, keys);
    }

    private static string Suffix(string key) => key.Length <= 4 ? key : key[^4..];

    private sealed record Snapshot(Dictionary<long, Project> Projects, Dictionary<string, ProjectKey> Keys);
}

public static class ProjectIds
{
    /// <summary>Relay's rule: a project id is numeric and not zero.</summary>
    public static bool TryParse(string? text, out long projectId) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out projectId)
        && projectId > 0;
}
