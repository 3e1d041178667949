using DaprEmulator.Core;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// The sidecar's <c>TaskHubSidecarService</c>: what Dapr.Workflow's client and worker call on the gRPC port.
/// Instances started here belong to this sidecar's app id.
/// </summary>
internal sealed class WorkflowGrpcService(DaprSidecar sidecar, DaprCluster cluster)
{
    private WorkflowEngine Engine => cluster.Workflows;

    public Empty Hello(Empty request, ServerCallContext context) => new();

    public Proto.CreateInstanceResponse StartInstance(Proto.CreateInstanceRequest request, ServerCallContext context) =>
        new() { InstanceId = Engine.Start(sidecar.AppId, request) };

    public Proto.GetInstanceResponse GetInstance(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.Get(request.InstanceId, request.GetInputsAndOutputs);

    public Task<Proto.GetInstanceResponse> WaitForInstanceStart(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.WaitAsync(request.InstanceId, request.GetInputsAndOutputs, WorkflowEngine.HasStarted, context.CancellationToken);

    public Task<Proto.GetInstanceResponse> WaitForInstanceCompletion(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.WaitAsync(request.InstanceId, request.GetInputsAndOutputs, WorkflowEngine.HasFinished, context.CancellationToken);

    public Proto.RaiseEventResponse RaiseEvent(Proto.RaiseEventRequest request, ServerCallContext context)
    {
        Engine.RaiseEvent(request.InstanceId, request.Name, request.Input);
        return new();
    }

    public Proto.TerminateResponse TerminateInstance(Proto.TerminateRequest request, ServerCallContext context)
    {
        Engine.Terminate(request.InstanceId, request.Output, request.Recursive);
        return new();
    }

    public Proto.SuspendResponse SuspendInstance(Proto.SuspendRequest request, ServerCallContext context)
    {
        Engine.Suspend(request.InstanceId, request.Reason);
        return new();
    }

    public Proto.ResumeResponse ResumeInstance(Proto.ResumeRequest request, ServerCallContext context)
    {
        Engine.Resume(request.InstanceId, request.Reason);
        return new();
    }

    public Proto.PurgeInstancesResponse PurgeInstances(Proto.PurgeInstancesRequest request, ServerCallContext context)
    {
        if (request.RequestCase != Proto.PurgeInstancesRequest.RequestOneofCase.InstanceId)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "purging by filter is not supported by the emulator; purge by instance id"));
        }

        var deleted = Engine.Purge(request.InstanceId, request.Recursive, request.HasForce && request.Force);
        return new() { DeletedInstanceCount = deleted, IsComplete = true };
    }

    public Proto.CompleteTaskResponse CompleteActivityTask(Proto.ActivityResponse request, ServerCallContext context)
    {
        Engine.CompleteActivity(request);
        return new();
    }

    public Proto.CompleteTaskResponse CompleteWorkflowTask(Proto.WorkflowResponse request, ServerCallContext context)
    {
        Engine.CompleteOrchestrator(request);
        return new();
    }

    public Proto.ListInstanceIDsResponse ListInstanceIDs(Proto.ListInstanceIDsRequest request, ServerCallContext context)
    {
        var ids = Engine.InstanceIds();
        var from = 0;
        if (request.HasContinuationToken && !int.TryParse(request.ContinuationToken, out from))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid continuation token '{request.ContinuationToken}'"));
        }

        var size = request.HasPageSize && request.PageSize > 0 ? (int)request.PageSize : int.MaxValue;
        var page = ids.Skip(from).Take(size).ToList();
        var response = new Proto.ListInstanceIDsResponse();
        response.InstanceIds.AddRange(page);
        if (from + page.Count < ids.Count)
        {
            response.ContinuationToken = (from + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response;
    }

    public Proto.GetInstanceHistoryResponse GetInstanceHistory(Proto.GetInstanceHistoryRequest request, ServerCallContext context)
    {
        var response = new Proto.GetInstanceHistoryResponse();
        response.Events.AddRange(Engine.History(request.InstanceId));
        return response;
    }

    public Proto.RerunWorkflowFromEventResponse RerunWorkflowFromEvent(Proto.RerunWorkflowFromEventRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "RerunWorkflowFromEvent is not supported by the emulator"));

    /// <summary>One worker's stream: work items for this sidecar's app id until the worker goes away.</summary>
    public async Task GetWorkItems(Proto.GetWorkItemsRequest request, IServerStreamWriter<Proto.WorkItem> writer, ServerCallContext context)
    {
        var stream = Engine.Connect(sidecar.AppId);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stream.DroppedToken);
            await foreach (var ticket in stream.Outbox.Reader.ReadAllAsync(stop.Token))
            {
                if (ticket.Completed || !ReferenceEquals(ticket.Stream, stream))
                {
                    continue;
                }

                await writer.WriteAsync(ticket.Item, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stream.DroppedToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the worker stream was dropped by fault injection"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker went away; what it held is dispatched again below.
        }
        finally
        {
            Engine.Disconnect(stream);
        }
    }
}
