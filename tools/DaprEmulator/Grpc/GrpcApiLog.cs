using System.Collections.Concurrent;

namespace DaprEmulator.Grpc;

/// <summary>Every call of the sidecars' gRPC API, in the order they arrived (daprd's <c>--enable-api-logging</c>).</summary>
public sealed class GrpcApiLog
{
    private readonly ConcurrentQueue<GrpcApiCall> _calls = new();

    public IReadOnlyList<GrpcApiCall> Calls => [.. _calls];

    /// <summary>The calls of one method, e.g. <c>BulkPublishEvent</c>.</summary>
    public IReadOnlyList<GrpcApiCall> Of(string method) => [.. _calls.Where(c => c.Method == method)];

    internal void Add(GrpcApiCall call) => _calls.Enqueue(call);
}
