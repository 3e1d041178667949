using CheckIns.Dashboard.Display;

namespace CheckIns.Dashboard.Reading;

/// <summary>One page of the project overview, with what could not be read.</summary>
public sealed record OverviewModel(
    IReadOnlyList<MonitorDetail> Monitors,
    int Matching,
    int Total,
    int Page,
    int PageCount,
    IReadOnlyList<string> EnvironmentNames,
    IReadOnlyList<Incident> OpenIncidents,
    IReadOnlyList<ProjectProcessingError> ProcessingErrors,
    IReadOnlyList<string> Unavailable,
    DateTimeOffset ReadAt,
    StreamClock? Clock = null)
{
    public bool HasOpenIncident(string slug, string environment) =>
        OpenIncidents.Any(i => i.Monitor.Slug == slug && i.Environment == environment);

    public static HealthStatus Coarse(MonitorSummary monitor, EnvironmentSummary environment) => Health.Of(monitor.Status, environment);
}
