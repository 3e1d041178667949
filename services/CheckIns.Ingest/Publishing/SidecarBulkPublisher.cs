using Dapr;
using Grpc.Core;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace CheckIns.Ingest.Publishing;

/// <summary>
/// The sidecar's gRPC bulk publish, called directly because only the raw API carries metadata per entry:
/// every check-in keeps its own <c>partitionKey</c> while check-ins of many monitors share one call.
/// Uses <c>BulkPublishEvent</c> (Dapr 1.17+) and falls back to <c>BulkPublishEventAlpha1</c> on an older
/// runtime, as the .NET SDK does (DAPR.md §3.1).
/// </summary>
public sealed class SidecarBulkPublisher : IDisposable
{
    private const string ApiTokenHeader = "dapr-api-token";

    private readonly GrpcChannel _channel;
    private readonly Autogen.Dapr.DaprClient _client;
    private readonly string? _apiToken;
    private volatile bool _alpha1Only;

    public SidecarBulkPublisher(GrpcChannel channel, string? apiToken)
    {
        _channel = channel;
        _client = new Autogen.Dapr.DaprClient(channel);
        _apiToken = string.IsNullOrEmpty(apiToken) ? null : apiToken;
    }

    /// <summary>The sidecar of this app, found the way the Dapr SDK finds it (DAPR_GRPC_ENDPOINT or DAPR_GRPC_PORT, DAPR_API_TOKEN).</summary>
    public static SidecarBulkPublisher FromConfiguration(IConfiguration configuration) => new(
        GrpcChannel.ForAddress(DaprDefaults.GetDefaultGrpcEndpoint(configuration), new GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true }),
        DaprDefaults.GetDefaultDaprApiToken(configuration));

    public async Task<Autogen.BulkPublishResponse> PublishAsync(Autogen.BulkPublishRequest request, CancellationToken cancellationToken)
    {
        if (!_alpha1Only)
        {
            try
            {
                return await _client.BulkPublishEventAsync(request, Options(cancellationToken));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                _alpha1Only = true;
            }
        }

        // Obsolete in the protos, and still the only bulk publish of runtimes before 1.17.
#pragma warning disable CS0612
        return await _client.BulkPublishEventAlpha1Async(request, Options(cancellationToken));
#pragma warning restore CS0612
    }

    public void Dispose() => _channel.Dispose();

    private CallOptions Options(CancellationToken cancellationToken) =>
        new(_apiToken is null ? null : new Metadata { { ApiTokenHeader, _apiToken } }, cancellationToken: cancellationToken);
}
