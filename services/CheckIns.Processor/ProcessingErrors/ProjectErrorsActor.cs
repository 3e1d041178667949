using CheckIns.Domain;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.ProcessingErrors;

/// <summary>
/// Keeps a project's processing errors for unknown monitors as Sentry groups them under the project (SEMANTICS
/// R105): the most recent <see cref="EngineOptions.ProcessingErrorsKept"/> by ingest time, none older than
/// <see cref="EngineOptions.ProcessingErrorLifetime"/>. A record's id derives from its message id, so a second
/// record of one message is dropped: a redelivered check-in or a rerun workflow activity never doubles an entry.
/// One turn-based actor per project serialises concurrent records without an ETag loop, and bounds the state.
/// </summary>
public sealed class ProjectErrorsActor(ActorHost host, EngineOptions engine, TimeProvider time) : Actor(host), IProjectErrorsActor
{
    private const string EntriesKey = "errors";

    public async Task RecordAsync(ProjectErrorEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = await LoadAsync();
        if (entries.Exists(e => string.Equals(e.Record.Id, entry.Record.Id, StringComparison.Ordinal)))
        {
            return;
        }

        // Ordered by ingest time; a record of the same time goes after the ones already kept (arrival order).
        var at = entries.Count;
        while (at > 0 && entries[at - 1].Record.ReceivedAt > entry.Record.ReceivedAt)
        {
            at--;
        }

        entries.Insert(at, entry);
        Prune(entries);
        await StateManager.SetStateAsync(EntriesKey, entries);
        await StateManager.SaveStateAsync();
    }

    public async Task<IReadOnlyList<ProjectErrorEntry>> ListAsync() => await LoadAsync();

    private void Prune(List<ProjectErrorEntry> entries)
    {
        // The lifetime counts from the newest ingest time seen, as on a monitor, or from now when that is later.
        var newest = entries.Count == 0 ? DateTimeOffset.MinValue : entries[^1].Record.ReceivedAt;
        var now = time.GetUtcNow();
        var cutoff = (now > newest ? now : newest) - engine.ProcessingErrorLifetime;
        entries.RemoveAll(e => e.Record.ReceivedAt < cutoff);
        var excess = entries.Count - Math.Max(1, engine.ProcessingErrorsKept);
        if (excess > 0)
        {
            entries.RemoveRange(0, excess);
        }
    }

    private async Task<List<ProjectErrorEntry>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<ProjectErrorEntry>>(EntriesKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }
}
