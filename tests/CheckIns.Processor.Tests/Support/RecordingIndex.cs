using System.Collections.Concurrent;
using CheckIns.Processor.Actors;

namespace CheckIns.Processor.Tests.Support;

public sealed class RecordingIndex : IProjectIndex
{
    public ConcurrentDictionary<(long ProjectId, string Slug), int> Adds { get; } = new();

    public Task AddAsync(long projectId, string slug, CancellationToken cancellationToken)
    {
        Adds.AddOrUpdate((projectId, slug), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(long projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Adds.Keys.Where(k => k.ProjectId == projectId).Select(k => k.Slug).Order(StringComparer.Ordinal)]);
}
