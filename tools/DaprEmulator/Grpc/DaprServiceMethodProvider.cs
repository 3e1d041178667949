using DaprEmulator.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprEmulator.Grpc;

/// <summary>
/// Binds the emulated <c>dapr.proto.runtime.v1.Dapr</c> methods. Dapr.Protos ships client stubs only, so
/// the descriptors are declared here on its message types (DAPR.md §3.1). Methods not bound answer UNIMPLEMENTED.
/// </summary>
internal sealed class DaprServiceMethodProvider : IServiceMethodProvider<DaprGrpcService>
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprGrpcService> context)
    {
        Add<Autogen.PublishEventRequest, Empty>(context, "PublishEvent", (s, r, c) => s.PublishEvent(r, c));
        Add<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse>(context, "BulkPublishEvent", (s, r, c) => s.BulkPublishEvent(r, c));
        Add<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse>(context, "BulkPublishEventAlpha1", (s, r, c) => s.BulkPublishEvent(r, c));
        Add<Autogen.GetStateRequest, Autogen.GetStateResponse>(context, "GetState", (s, r, c) => s.GetState(r, c));
        Add<Autogen.GetBulkStateRequest, Autogen.GetBulkStateResponse>(context, "GetBulkState", (s, r, c) => s.GetBulkState(r, c));
        Add<Autogen.SaveStateRequest, Empty>(context, "SaveState", (s, r, c) => s.SaveState(r, c));
        Add<Autogen.DeleteStateRequest, Empty>(context, "DeleteState", (s, r, c) => s.DeleteState(r, c));
        Add<Autogen.DeleteBulkStateRequest, Empty>(context, "DeleteBulkState", (s, r, c) => s.DeleteBulkState(r, c));
        Add<Autogen.ExecuteStateTransactionRequest, Empty>(context, "ExecuteStateTransaction", (s, r, c) => s.ExecuteStateTransaction(r, c));
        Add<Autogen.GetSecretRequest, Autogen.GetSecretResponse>(context, "GetSecret", (s, r, c) => s.GetSecret(r, c));
        Add<Autogen.GetBulkSecretRequest, Autogen.GetBulkSecretResponse>(context, "GetBulkSecret", (s, r, c) => s.GetBulkSecret(r, c));
        Add<Autogen.GetMetadataRequest, Autogen.GetMetadataResponse>(context, "GetMetadata", (s, r, c) => s.GetMetadata(r, c));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<DaprGrpcService> context,
        string name,
        Func<DaprGrpcService, TRequest, ServerCallContext, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        Add<TRequest, TResponse>(context, name, (s, r, c) => Task.FromResult(handler(s, r, c)));

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<DaprGrpcService> context,
        string name,
        Func<DaprGrpcService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            ServiceName,
            name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
        context.AddUnaryMethod(method, [], async (service, request, call) =>
        {
            var cluster = service.Sidecar.Cluster;
            if (cluster.GrpcCalls.Recording)
            {
                cluster.GrpcCalls.Add(new GrpcApiCall(
                    service.Sidecar.AppId, name, call.RequestHeaders.GetValue("dapr-api-token"), request is Autogen.BulkPublishRequest bulk ? bulk.Entries.Count : 0));
            }

            if (cluster.GrpcFaults.IsUnimplemented(name))
            {
                throw new RpcException(new Status(StatusCode.Unimplemented, $"unknown method {name}"));
            }

            try
            {
                var response = await handler(service, request, call);
                await cluster.GrpcFaults.AnsweredAsync(name, call.CancellationToken);
                return response;
            }
            catch (DaprApiException ex)
            {
                throw new RpcException(new Status(ex.Code.GrpcStatus, ex.Message));
            }
        });
    }
}
