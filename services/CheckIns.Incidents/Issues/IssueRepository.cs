using System.Globalization;
using System.Text.Json;
using CheckIns.Incidents.Dapr;

namespace CheckIns.Incidents.Issues;

/// <summary>A loaded issue with the ETag to save it back under.</summary>
public sealed record LoadedIssue(IssueRecord Record, string ETag);

/// <summary>Issues and the per-project index in the <c>incidents-state</c> store, with ETag concurrency.</summary>
public sealed class IssueRepository(IIncidentsStateStore store)
{
    /// <summary>Attempts at an ETag-guarded read-modify-write before the caller gives up and lets Dapr redeliver.</summary>
    public const int MaxConcurrencyAttempts = 8;

    public static string IssueKey(long projectId, string fingerprint) =>
        string.Create(CultureInfo.InvariantCulture, $"issue:{projectId}:{fingerprint}");

    public static string IndexKey(long projectId) =>
        string.Create(CultureInfo.InvariantCulture, $"project-issues:{projectId}");

    public async Task<LoadedIssue?> GetAsync(long projectId, string fingerprint, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(IssueKey(projectId, fingerprint), cancellationToken);
        return entry is null ? null : new LoadedIssue(Deserialize(entry.Value, IncidentsJsonContext.Default.IssueRecord), entry.ETag);
    }

    /// <summary>False when another writer changed the issue since it was loaded (or created it meanwhile).</summary>
    public Task<bool> TrySaveAsync(IssueRecord record, string? etag, CancellationToken cancellationToken) =>
        store.TrySaveAsync(
            IssueKey(record.ProjectId, record.Fingerprint),
            JsonSerializer.SerializeToUtf8Bytes(record, IncidentsJsonContext.Default.IssueRecord),
            etag,
            cancellationToken);

    /// <summary>Adds the fingerprint to the project's index; idempotent, retried on ETag conflicts.</summary>
    public async Task EnsureIndexedAsync(long projectId, string fingerprint, CancellationToken cancellationToken)
    {
        var key = IndexKey(projectId);
        for (var attempt = 1; attempt <= MaxConcurrencyAttempts; attempt++)
        {
            var entry = await store.GetAsync(key, cancellationToken);
            var index = entry is null
                ? new ProjectIssueIndex { ProjectId = projectId }
                : Deserialize(entry.Value, IncidentsJsonContext.Default.ProjectIssueIndex);
            if (index.Fingerprints.Contains(fingerprint, StringComparer.Ordinal))
            {
                return;
            }

            var updated = index with { Fingerprints = [.. index.Fingerprints, fingerprint] };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, IncidentsJsonContext.Default.ProjectIssueIndex);
            if (await store.TrySaveAsync(key, bytes, entry?.ETag, cancellationToken))
            {
                return;
            }
        }

        throw new StateConcurrencyException($"The issue index of project {projectId} kept changing; giving up for now.");
    }

    public async Task<IReadOnlyList<IssueRecord>> ListAsync(long projectId, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(IndexKey(projectId), cancellationToken);
        if (entry is null)
        {
            return [];
        }

        var index = Deserialize(entry.Value, IncidentsJsonContext.Default.ProjectIssueIndex);
        var keys = index.Fingerprints.Select(f => IssueKey(projectId, f)).ToList();
        var values = await store.GetManyAsync(keys, cancellationToken);

        // An indexed fingerprint whose issue is not written yet (the index is written first) is simply not listed.
        return [.. keys.Where(values.ContainsKey).Select(k => Deserialize(values[k], IncidentsJsonContext.Default.IssueRecord))];
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(value.Span, typeInfo)
        ?? throw new InvalidDataException($"The stored {typeof(T).Name} is null.");
}

/// <summary>Optimistic concurrency lost too often in a row; the delivery fails and Dapr redelivers it later.</summary>
public sealed class StateConcurrencyException(string message) : Exception(message);
