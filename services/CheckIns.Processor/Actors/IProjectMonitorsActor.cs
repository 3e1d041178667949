using Dapr.Actors;

namespace CheckIns.Processor.Actors;

/// <summary>The index of one project's monitors (actor id = project id), so that a project's monitors can be listed.</summary>
public interface IProjectMonitorsActor : IActor
{
    /// <summary>Adds a monitor slug; adding one already present changes nothing.</summary>
    Task AddAsync(string slug);

    /// <summary>Read only: the project's monitor slugs in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Adds the monitor's slug when it is new, and keeps its overview entry in place of the one it had.</summary>
    Task SetOverviewAsync(MonitorOverviewEntry entry);

    /// <summary>Read only: every slug with its overview entry, in ordinal order.</summary>
    Task<ProjectOverview> OverviewAsync();
}

/// <summary>
/// The project's overview from its index: the entries it holds, and the slugs it lists without one (monitors last
/// changed before the index kept entries; each fills its entry on its next turn).
/// </summary>
public sealed record ProjectOverview(IReadOnlyList<MonitorOverviewEntry> Entries, IReadOnlyList<string> WithoutEntry);
