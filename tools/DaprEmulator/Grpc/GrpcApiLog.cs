using System.Collections.Concurrent;

namespace DaprEmulator.Grpc;

/// <summary>
/// The calls of the sidecars' gRPC API, in the order they arrived, once <see cref="Start"/> turned the log on
/// (as daprd's <c>--enable-api-logging</c> is off by default): every call of a run passes here, so a log kept from
/// the start would grow for as long as the emulator runs.
/// </summary>
public sealed class GrpcApiLog
{
    private readonly ConcurrentQueue<GrpcApiCall> _calls = new();
    private volatile bool _recording;

    public IReadOnlyList<GrpcApiCall> Calls => [.. _calls];

    /// <summary>Whether calls are being recorded; read before building a call's entry.</summary>
    public bool Recording => _recording;

    /// <summary>Records the calls from now on.</summary>
    public void Start() => _recording = true;

    /// <summary>The calls of one method, e.g. <c>BulkPublishEvent</c>.</summary>
    public IReadOnlyList<GrpcApiCall> Of(string method) => [.. _calls.Where(c => c.Method == method)];

    internal void Add(GrpcApiCall call)
    {
        if (_recording)
        {
            _calls.Enqueue(call);
        }
    }
}
