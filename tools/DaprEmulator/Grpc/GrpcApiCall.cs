namespace DaprEmulator.Grpc;

/// <summary>
/// One call of a sidecar's gRPC API as it arrived, like a line of daprd's API log: the method, the
/// <c>dapr-api-token</c> it carried, and for a bulk publish the number of entries.
/// </summary>
public sealed record GrpcApiCall(string AppId, string Method, string? ApiToken, int Entries);
