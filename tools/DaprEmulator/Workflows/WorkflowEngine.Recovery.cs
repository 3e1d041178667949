using Microsoft.Extensions.Logging;

namespace DaprEmulator.Workflows;

/// <summary>
/// An emulator started on a data folder takes up the instances it kept: what was due while it was down happens
/// now, what was waiting waits again. Nothing a worker held survives the process, so its work goes out again
/// (at-least-once, as on daprd after a sidecar restart).
/// </summary>
public sealed partial class WorkflowEngine
{
    private void Recover()
    {
        var recovered = 0;
        foreach (var instance in _store.All())
        {
            lock (instance.Gate)
            {
                if (instance.IsTerminal)
                {
                    continue;
                }

                RecoverLocked(instance);
                TryDispatchLocked(instance);
                recovered++;
            }
        }

        if (recovered > 0)
        {
            _logger.LogInformation("Workflows: {Count} unfinished instances restored from the data folder", recovered);
        }
    }

    private void RecoverLocked(WorkflowInstanceState instance)
    {
        if (instance.WaitingForScheduledStart && instance.ScheduledStartAt is { } start
            && !_timers.Schedule(new WorkflowTimer(instance.InstanceId, instance.ExecutionId, -1, start, IsScheduledStart: true)))
        {
            instance.WaitingForScheduledStart = false;
        }

        var events = instance.History.Concat(instance.Inbox).ToList();
        var fired = events.Where(e => e.TimerFired is not null).Select(e => e.TimerFired.TimerId).ToHashSet();
        var answered = events
            .Select(e => e.TaskCompleted?.TaskScheduledId ?? e.TaskFailed?.TaskScheduledId)
            .OfType<int>()
            .ToHashSet();
        foreach (var e in instance.History)
        {
            if (e.TimerCreated is { } timer && !fired.Contains(e.EventId))
            {
                ArmTimer(instance, e.EventId, timer.FireAt);
            }
            else if (e.TaskScheduled is { } task && !answered.Contains(e.EventId))
            {
                var appId = e.Router is { HasTargetAppID: true } router ? router.TargetAppID : instance.AppId;
                DispatchActivity(instance, e.EventId, task, appId);
            }
        }
    }
}
