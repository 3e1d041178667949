using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Workflows;

/// <summary>
/// The state retention policy of daprd ≥ 1.17: an instance that ends under its app's policy is purged once the
/// policy's time for its status has passed since it ended, unless the id was started again meanwhile (then the new
/// run's own end counts). Timers on the cluster's clock, so a test advances time instead of waiting.
/// </summary>
public sealed partial class WorkflowEngine
{
    private readonly ConcurrentDictionary<string, WorkflowRetentionPolicy> _retention = new(StringComparer.Ordinal);

    /// <summary>
    /// Sets (null: removes) how long <paramref name="appId"/>'s ended instances are kept, as its sidecar's configuration
    /// does at start. Instances of the app that had already ended are scheduled as well: daprd keeps each purge as a
    /// reminder across restarts, the emulator keeps none, so an ended instance of a data folder is scheduled again here.
    /// </summary>
    public void SetRetentionPolicy(string appId, WorkflowRetentionPolicy? policy)
    {
        if (policy is null)
        {
            _retention.TryRemove(appId, out _);
            return;
        }

        _retention[appId] = policy;
        foreach (var instance in _store.All())
        {
            WorkflowTimer? purge;
            lock (instance.Gate)
            {
                purge = instance.AppId == appId ? PurgeTimerLocked(instance) : null;
            }

            if (purge is not null)
            {
                ScheduleRetention(purge);
            }
        }
    }

    /// <summary>The purge of an ended instance under its app's policy, from the time it ended; null while it runs, or when nothing purges it.</summary>
    private WorkflowTimer? PurgeTimerLocked(WorkflowInstanceState instance) =>
        instance.IsTerminal && instance.CompletedAt is { } ended && _retention.TryGetValue(instance.AppId, out var policy) && policy.For(instance.Status) is { } kept
            ? new WorkflowTimer(instance.InstanceId, instance.ExecutionId, -1, ended + kept, IsRetention: true)
            : null;

    private void ScheduleRetention(WorkflowTimer purge)
    {
        // A time already due ("0s") purges at once.
        if (!_timers.Schedule(purge))
        {
            PurgeEnded(purge);
        }
    }

    private void PurgeEnded(WorkflowTimer purge)
    {
        if (!_store.TryGet(purge.InstanceId, out var instance))
        {
            return;
        }

        Task written;
        lock (instance.Gate)
        {
            if (instance.ExecutionId != purge.ExecutionId || !instance.IsTerminal)
            {
                return;
            }

            written = _store.Remove(purge.InstanceId).Written;
        }

        Notify(purge.InstanceId);
        _logger.LogDebug("Workflow {InstanceId} purged: its retention time has passed", purge.InstanceId);
        _ = written.ContinueWith(
            t => _logger.LogError(t.Exception, "Workflow {InstanceId}: the purge of its retention did not reach the data folder", purge.InstanceId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }
}
