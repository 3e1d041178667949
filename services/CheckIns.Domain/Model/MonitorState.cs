using CheckIns.Domain.Errors;

namespace CheckIns.Domain.Model;

/// <summary>
/// Everything one monitor (project, normalised slug) owns, all environments inside. Immutable;
/// System.Text.Json round-trips it. <see cref="Monitor"/> is null while no monitor exists: the state
/// then still remembers applied message ids, rate windows and the processing errors of check-ins
/// that named this slug (SEMANTICS R105 groups those under the project).
/// </summary>
public sealed record MonitorState
{
    public required long ProjectId { get; init; }

    /// <summary>The normalised slug (R24).</summary>
    public required string Slug { get; init; }

    public MonitorDefinition? Monitor { get; init; }

    /// <summary>Environments in creation order.</summary>
    public IReadOnlyList<MonitorEnvironment> Environments { get; init; } = [];

    /// <summary>The most recent processing errors, oldest first; at most 10, 7-day lifetime on ingest time (R105).</summary>
    public IReadOnlyList<ProcessingErrorRecord> ProcessingErrors { get; init; } = [];

    /// <summary>Message ids already applied (any outcome), oldest first; bounded (see README).</summary>
    public IReadOnlyList<string> AppliedMessageIds { get; init; } = [];

    public IReadOnlyList<RateWindow> RateWindows { get; init; } = [];

    /// <summary>Counts every effect ever emitted; effect ids derive from it so a re-run turn yields the same ids.</summary>
    public long EffectSequence { get; init; }

    /// <summary>The newest ingest time seen; processing-error lifetimes are measured on it.</summary>
    public DateTimeOffset? LastReceivedAt { get; init; }

    public bool Exists => Monitor is not null;

    public static MonitorState Empty(long projectId, string slug) => new() { ProjectId = projectId, Slug = slug };

    /// <summary>
    /// R2: the order the API lists environments in: ERROR, OK, ACTIVE, DISABLED (then the rest), muted
    /// ones last; creation order breaks ties.
    /// </summary>
    public IReadOnlyList<MonitorEnvironment> OrderedEnvironments()
    {
        var monitorMuted = Monitor?.IsMuted ?? false;
        return [.. Environments
            .Select((environment, index) => (environment, index))
            .OrderBy(e => monitorMuted || e.environment.IsMuted ? 1 : 0)
            .ThenBy(e => Rank(e.environment.Status))
            .ThenBy(e => e.index)
            .Select(e => e.environment)];
    }

    private static int Rank(EnvironmentStatus status) => status switch
    {
        EnvironmentStatus.Error => 0,
        EnvironmentStatus.Ok => 1,
        EnvironmentStatus.Active => 2,
        EnvironmentStatus.Disabled => 3,
        _ => 4,
    };

    public MonitorEnvironment? FindEnvironment(string name)
    {
        foreach (var environment in Environments)
        {
            if (string.Equals(environment.Name, name, StringComparison.Ordinal))
            {
                return environment;
            }
        }

        return null;
    }
}
