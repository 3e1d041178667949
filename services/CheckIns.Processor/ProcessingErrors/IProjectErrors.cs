namespace CheckIns.Processor.ProcessingErrors;

/// <summary>The project-level store of processing errors (SEMANTICS R105), reached through its actor.</summary>
public interface IProjectErrors
{
    Task RecordAsync(long projectId, ProjectErrorEntry entry, CancellationToken cancellationToken);

    /// <summary>The kept entries, oldest first.</summary>
    Task<IReadOnlyList<ProjectErrorEntry>> ListAsync(long projectId, CancellationToken cancellationToken);
}
