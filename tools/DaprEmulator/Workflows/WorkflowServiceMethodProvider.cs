using DaprEmulator.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// Binds <c>TaskHubSidecarService</c> (no proto package: paths <c>/TaskHubSidecarService/&lt;Method&gt;</c>) on
/// the message types of Dapr.Workflow's <c>Dapr.DurableTask.Protobuf</c>, which ship client stubs only (DAPR.md §5).
/// </summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowGrpcService>
{
    public const string ServiceName = "TaskHubSidecarService";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowGrpcService> context)
    {
        Unary<Empty, Empty>(context, "Hello", (_, r, c) => WorkflowGrpcService.Hello(r, c));
        UnaryAsync<Proto.CreateInstanceRequest, Proto.CreateInstanceResponse>(context, "StartInstance", (s, r, c) => s.StartInstance(r, c));
        Unary<Proto.GetInstanceRequest, Proto.GetInstanceResponse>(context, "GetInstance", (s, r, c) => s.GetInstance(r, c));
        UnaryAsync<Proto.GetInstanceRequest, Proto.GetInstanceResponse>(context, "WaitForInstanceStart", (s, r, c) => s.WaitForInstanceStart(r, c));
        UnaryAsync<Proto.GetInstanceRequest, Proto.GetInstanceResponse>(context, "WaitForInstanceCompletion", (s, r, c) => s.WaitForInstanceCompletion(r, c));
        UnaryAsync<Proto.RaiseEventRequest, Proto.RaiseEventResponse>(context, "RaiseEvent", (s, r, c) => s.RaiseEvent(r, c));
        UnaryAsync<Proto.TerminateRequest, Proto.TerminateResponse>(context, "TerminateInstance", (s, r, c) => s.TerminateInstance(r, c));
        UnaryAsync<Proto.SuspendRequest, Proto.SuspendResponse>(context, "SuspendInstance", (s, r, c) => s.SuspendInstance(r, c));
        UnaryAsync<Proto.ResumeRequest, Proto.ResumeResponse>(context, "ResumeInstance", (s, r, c) => s.ResumeInstance(r, c));
        UnaryAsync<Proto.PurgeInstancesRequest, Proto.PurgeInstancesResponse>(context, "PurgeInstances", (s, r, c) => s.PurgeInstances(r, c));
        UnaryAsync<Proto.ActivityResponse, Proto.CompleteTaskResponse>(context, "CompleteActivityTask", (s, r, c) => s.CompleteActivityTask(r, c));
        // CompleteOrchestratorTask is the name the 1.19 SDK still calls (kept for runtimes < 1.18); both do the same.
        UnaryAsync<Proto.WorkflowResponse, Proto.CompleteTaskResponse>(context, "CompleteOrchestratorTask", (s, r, c) => s.CompleteWorkflowTask(r, c));
        UnaryAsync<Proto.WorkflowResponse, Proto.CompleteTaskResponse>(context, "CompleteWorkflowTask", (s, r, c) => s.CompleteWorkflowTask(r, c));
        Unary<Proto.RerunWorkflowFromEventRequest, Proto.RerunWorkflowFromEventResponse>(context, "RerunWorkflowFromEvent", (_, r, c) => WorkflowGrpcService.RerunWorkflowFromEvent(r, c));
        Unary<Proto.ListInstanceIDsRequest, Proto.ListInstanceIDsResponse>(context, "ListInstanceIDs", (s, r, c) => s.ListInstanceIDs(r, c));
        Unary<Proto.GetInstanceHistoryRequest, Proto.GetInstanceHistoryResponse>(context, "GetInstanceHistory", (s, r, c) => s.GetInstanceHistory(r, c));
        context.AddServerStreamingMethod(
            Method<Proto.GetWorkItemsRequest, Proto.WorkItem>(MethodType.ServerStreaming, "GetWorkItems"),
            [],
            (service, request, writer, call) => service.GetWorkItems(request, writer, call));
    }

    private static Method<TRequest, TResponse> Method<TRequest, TResponse>(MethodType type, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        return new Method<TRequest, TResponse>(
            type,
            ServiceName,
            name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
    }

    private static void Unary<TRequest, TResponse>(
        ServiceMethodProviderContext<WorkflowGrpcService> context,
        string name,
        Func<WorkflowGrpcService, TRequest, ServerCallContext, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        context.AddUnaryMethod(Method<TRequest, TResponse>(MethodType.Unary, name), [], (service, request, call) =>
        {
            try
            {
                return Task.FromResult(handler(service, request, call));
            }
            catch (DaprApiException ex)
            {
                throw new RpcException(new Status(ex.Code.GrpcStatus, ex.Message));
            }
        });

    private static void UnaryAsync<TRequest, TResponse>(
        ServiceMethodProviderContext<WorkflowGrpcService> context,
        string name,
        Func<WorkflowGrpcService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        context.AddUnaryMethod(Method<TRequest, TResponse>(MethodType.Unary, name), [], async (service, request, call) =>
        {
            try
            {
                return await handler(service, request, call);
            }
            catch (DaprApiException ex)
            {
                throw new RpcException(new Status(ex.Code.GrpcStatus, ex.Message));
            }
        });
}
