using System.Threading.Channels;

namespace DaprEmulator.Workflows;

/// <summary>One worker's <c>GetWorkItems</c> stream: the tickets queued for it and those it holds.</summary>
internal sealed class WorkerStream(string appId, object via) : IDisposable
{
    private readonly CancellationTokenSource _dropped = new();

    public string AppId { get; } = appId;

    /// <summary>The sidecar the worker connected through: when its app stops, the stream is over.</summary>
    public object Via { get; } = via;

    public Channel<Dispatch> Outbox { get; } = Channel.CreateUnbounded<Dispatch>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Tickets written to this stream and not completed yet; guarded by the dispatcher's lock.</summary>
    public HashSet<WorkTicket> Held { get; } = [];

    public bool Closed { get; set; }

    /// <summary>Cancelled when a test drops the stream: the server ends the call as a broken connection would.</summary>
    public CancellationToken DroppedToken => _dropped.Token;

    public void Drop()
    {
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    public void Dispose() => _dropped.Dispose();
}

/// <summary>A ticket as it was handed to a stream, with the token of that dispatch.</summary>
internal readonly record struct Dispatch(WorkTicket Ticket, string Token);
