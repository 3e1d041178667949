using Dapr.Actors;

namespace CheckIns.Processor.ProcessingErrors;

/// <summary>One project's processing errors for check-ins whose monitor does not exist (actor id = project id).</summary>
public interface IProjectErrorsActor : IActor
{
    /// <summary>Keeps the entry; an entry of a message already kept changes nothing (a redelivery, a rerun activity).</summary>
    Task RecordAsync(ProjectErrorEntry entry);

    /// <summary>Read only: the kept entries, oldest first.</summary>
    Task<IReadOnlyList<ProjectErrorEntry>> ListAsync();
}
