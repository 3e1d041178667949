using Dapr.Actors;

namespace CheckIns.Processor.Actors;

/// <summary>The index of one project's monitors (actor id = project id), so that a project's monitors can be listed.</summary>
public interface IProjectMonitorsActor : IActor
{
    /// <summary>Adds a monitor slug; adding one already present changes nothing.</summary>
    Task AddAsync(string slug);

    /// <summary>Read only: the project's monitor slugs in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
