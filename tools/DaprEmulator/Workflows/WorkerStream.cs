using System.Threading.Channels;

namespace DaprEmulator.Workflows;

/// <summary>One worker's <c>GetWorkItems</c> stream: the tickets queued for it and those it holds.</summary>
internal sealed class WorkerStream(string appId) : IDisposable
{
    private readonly CancellationTokenSource _dropped = new();

    public string AppId { get; } = appId;

    public Channel<WorkTicket> Outbox { get; } = Channel.CreateUnbounded<WorkTicket>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Tickets written to this stream and not completed yet; guarded by the dispatcher's lock.</summary>
    public HashSet<WorkTicket> Held { get; } = [];

    public bool Closed { get; set; }

    /// <summary>Cancelled when a test drops the stream: the server ends the call as a broken connection would.</summary>
    public CancellationToken DroppedToken => _dropped.Token;

    public void Drop() => _dropped.Cancel();

    public void Dispose() => _dropped.Dispose();
}
