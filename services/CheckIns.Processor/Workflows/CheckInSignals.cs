using System.Collections.Concurrent;
using CheckIns.Processor.Subscriptions;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Tells the subscription, in this process, that a check-in's workflow has applied it (and started its wait), so the
/// next check-in of the monitor can go without waiting for the events to be published. A workflow that runs in
/// another process is waited for through the sidecar instead (<see cref="WorkflowCheckInRunner"/>).
/// </summary>
public sealed class CheckInSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CheckInRun>> _waiting = new(StringComparer.Ordinal);

    public Task<CheckInRun> Register(string instanceId) =>
        _waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource<CheckInRun>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string instanceId) => _waiting.TryRemove(instanceId, out _);

    /// <summary>The check-in is applied (and its wait started): the rest of its workflow will follow.</summary>
    public void Applied(string instanceId) => Answer(instanceId, CheckInRun.Done);

    /// <summary>The actor did not apply it: the workflow fails, and the delivery should be retried.</summary>
    public void NotApplied(string instanceId, string failure) => Answer(instanceId, CheckInRun.Failed(failure));

    private void Answer(string instanceId, CheckInRun run)
    {
        if (_waiting.TryGetValue(instanceId, out var waiting))
        {
            waiting.TrySetResult(run);
        }
    }
}
