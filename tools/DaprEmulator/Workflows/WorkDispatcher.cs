using DaprEmulator.Core;

namespace DaprEmulator.Workflows;

/// <summary>
/// Hands work items to the connected workers of the app that owns them (round robin over an app id's
/// streams). Work for an app with no worker waits; when a stream dies the work it held is dispatched
/// again (at-least-once, as daprd does). Never calls back into the engine under its lock.
/// </summary>
internal sealed class WorkDispatcher(WorkTracker work, Func<string, bool> appAttached)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AppQueue> _apps = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, WorkTicket> _byToken = new(StringComparer.Ordinal);

    private long _orchestratorSent;
    private long _activitySent;

    /// <summary>Orchestrator work items written to a worker stream, counting each time one is sent again.</summary>
    public long OrchestratorSent => Interlocked.Read(ref _orchestratorSent);

    /// <summary>Activity work items written to a worker stream, counting each time one is sent again.</summary>
    public long ActivitySent => Interlocked.Read(ref _activitySent);

    public int ConnectedWorkers(string appId)
    {
        lock (_lock)
        {
            return _apps.TryGetValue(appId, out var q) ? q.Streams.Count : 0;
        }
    }

    /// <summary>Work waiting for a worker of an app that is running: the app is expected to take it, so the emulator is not idle.</summary>
    public int WaitingForRunningApps()
    {
        lock (_lock)
        {
            return _apps.Where(a => a.Value.Waiting.Count > 0 && appAttached(a.Key)).Sum(a => a.Value.Waiting.Count);
        }
    }

    public void Dispatch(WorkTicket ticket)
    {
        lock (_lock)
        {
            DispatchLocked(ticket);
        }
    }

    public WorkTicket? Find(string token) => _byToken.TryGetValue(token, out var t) ? t : null;

    /// <summary>The worker answered: the ticket is done and stops counting as work in flight.</summary>
    public bool Complete(WorkTicket ticket)
    {
        IDisposable? busy;
        lock (_lock)
        {
            if (ticket.Completed)
            {
                return false;
            }

            ticket.Completed = true;
            _byToken.TryRemove(ticket.Token, out _);
            ticket.Stream?.Held.Remove(ticket);
            if (_apps.TryGetValue(ticket.AppId, out var q))
            {
                q.Waiting.Remove(ticket);
            }

            busy = ticket.Busy;
            ticket.Busy = null;
        }

        busy?.Dispose();
        return true;
    }

    /// <summary>Sends the ticket out again under a new token (its completion was lost).</summary>
    public void Redispatch(WorkTicket ticket)
    {
        IDisposable? busy;
        lock (_lock)
        {
            if (ticket.Completed)
            {
                return;
            }

            _byToken.TryRemove(ticket.Token, out _);
            ticket.Stream?.Held.Remove(ticket);
            ticket.Stream = null;
            busy = ticket.Busy;
            ticket.Busy = null;
            DispatchLocked(ticket);
        }

        busy?.Dispose();
    }

    public WorkerStream Connect(string appId)
    {
        var stream = new WorkerStream(appId);
        lock (_lock)
        {
            var q = QueueOf(appId);
            q.Streams.Add(stream);
            var waiting = q.Waiting.ToList();
            q.Waiting.Clear();
            foreach (var ticket in waiting)
            {
                DispatchLocked(ticket);
            }
        }

        return stream;
    }

    /// <summary>The stream ended: what it held (and had not written yet) goes to another worker or waits for one.</summary>
    public void Disconnect(WorkerStream stream)
    {
        var released = new List<IDisposable>();
        lock (_lock)
        {
            if (stream.Closed)
            {
                return;
            }

            stream.Closed = true;
            var q = QueueOf(stream.AppId);
            q.Streams.Remove(stream);
            foreach (var ticket in stream.Held.ToList())
            {
                _byToken.TryRemove(ticket.Token, out _);
                ticket.Stream = null;
                if (ticket.Busy is not null)
                {
                    released.Add(ticket.Busy);
                    ticket.Busy = null;
                }

                DispatchLocked(ticket);
            }

            stream.Held.Clear();
        }

        foreach (var busy in released)
        {
            busy.Dispose();
        }

        stream.Dispose();
    }

    public int Drop(string appId)
    {
        List<WorkerStream> streams;
        lock (_lock)
        {
            streams = _apps.TryGetValue(appId, out var q) ? q.Streams.ToList() : [];
        }

        foreach (var stream in streams)
        {
            stream.Drop();
        }

        return streams.Count;
    }

    private void DispatchLocked(WorkTicket ticket)
    {
        var q = QueueOf(ticket.AppId);
        ticket.Token = Guid.NewGuid().ToString("N");
        ticket.Item.CompletionToken = ticket.Token;
        _byToken[ticket.Token] = ticket;
        if (q.Streams.Count == 0)
        {
            q.Waiting.Add(ticket);
            return;
        }

        var stream = q.Streams[q.Next++ % q.Streams.Count];
        ticket.Stream = stream;
        ticket.Busy = work.Begin();
        stream.Held.Add(ticket);
        Interlocked.Increment(ref ticket.IsActivity ? ref _activitySent : ref _orchestratorSent);
        stream.Outbox.Writer.TryWrite(ticket);
    }

    private AppQueue QueueOf(string appId)
    {
        if (!_apps.TryGetValue(appId, out var q))
        {
            q = new AppQueue();
            _apps[appId] = q;
        }

        return q;
    }

    private sealed class AppQueue
    {
        public List<WorkerStream> Streams { get; } = [];

        public List<WorkTicket> Waiting { get; } = [];

        public int Next { get; set; }
    }
}
