namespace DaprEmulator.Workflows;

/// <summary>
/// Durable timers of every instance on the cluster's clock, with a single <see cref="ITimer"/> armed for the
/// earliest one. Nothing fires before its time; with a FakeTimeProvider, <c>Advance</c> fires what came due.
/// </summary>
internal sealed class WorkflowTimers : IDisposable
{
    // ITimer due times are limited to about 49 days; a later timer is re-armed when the cap passes.
    private static readonly TimeSpan MaxArm = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private readonly PriorityQueue<WorkflowTimer, DateTimeOffset> _queue = new();
    private readonly TimeProvider _time;
    private readonly Action<WorkflowTimer> _fire;
    private readonly ITimer _timer;
    private DateTimeOffset? _armedFor;

    public WorkflowTimers(TimeProvider time, Action<WorkflowTimer> fire)
    {
        _time = time;
        _fire = fire;
        _timer = time.CreateTimer(_ => OnTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keeps a timer for later; returns false (and keeps nothing) when it is already due.</summary>
    public bool Schedule(WorkflowTimer timer)
    {
        lock (_lock)
        {
            if (timer.FireAt <= _time.GetUtcNow())
            {
                return false;
            }

            _queue.Enqueue(timer, timer.FireAt);
            ArmLocked();
            return true;
        }
    }

    private void OnTick()
    {
        var due = new List<WorkflowTimer>();
        lock (_lock)
        {
            _armedFor = null;
            var now = _time.GetUtcNow();
            while (_queue.TryPeek(out var next, out var at) && at <= now)
            {
                _queue.Dequeue();
                due.Add(next);
            }

            ArmLocked();
        }

        foreach (var timer in due)
        {
            _fire(timer);
        }
    }

    private void ArmLocked()
    {
        if (!_queue.TryPeek(out _, out var at))
        {
            return;
        }

        if (_armedFor is { } armed && armed <= at)
        {
            return;
        }

        var wait = at - _time.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        if (wait > MaxArm)
        {
            wait = MaxArm;
        }

        _armedFor = _time.GetUtcNow() + wait;
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>A timer of one execution of an instance: a durable timer (TimerFired), a delayed start, or the purge of an ended instance.</summary>
internal sealed record WorkflowTimer(string InstanceId, string ExecutionId, int TimerId, DateTimeOffset FireAt, bool IsScheduledStart = false, bool IsRetention = false);
