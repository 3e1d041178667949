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
    private const int MaxBatch = 64;
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    private WorkflowEngine Engine => cluster.Workflows;

    public static Empty Hello(Empty request, ServerCallContext context) => new();

    // Each call that changes an instance is answered once the change is durable (at once without a data folder).
    public async Task<Proto.CreateInstanceResponse> StartInstance(Proto.CreateInstanceRequest request, ServerCallContext context)
    {
        var instanceId = Engine.Start(sidecar.AppId, request);
        await Engine.PersistedAsync(instanceId);
        return new() { InstanceId = instanceId };
    }

    public Proto.GetInstanceResponse GetInstance(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.Get(request.InstanceId, request.GetInputsAndOutputs);

    public Task<Proto.GetInstanceResponse> WaitForInstanceStart(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.WaitAsync(request.InstanceId, request.GetInputsAndOutputs, WorkflowEngine.HasStarted, context.CancellationToken);

    public Task<Proto.GetInstanceResponse> WaitForInstanceCompletion(Proto.GetInstanceRequest request, ServerCallContext context) =>
        Engine.WaitAsync(request.InstanceId, request.GetInputsAndOutputs, WorkflowEngine.HasFinished, context.CancellationToken);

    public async Task<Proto.RaiseEventResponse> RaiseEvent(Proto.RaiseEventRequest request, ServerCallContext context)
    {
        Engine.RaiseEvent(request.InstanceId, request.Name, request.Input);
        await Engine.PersistedAsync(request.InstanceId);
        return new();
    }

    public async Task<Proto.TerminateResponse> TerminateInstance(Proto.TerminateRequest request, ServerCallContext context)
    {
        Engine.Terminate(request.InstanceId, request.Output, request.Recursive);
        await Engine.PersistedAsync(request.InstanceId);
        return new();
    }

    public async Task<Proto.SuspendResponse> SuspendInstance(Proto.SuspendRequest request, ServerCallContext context)
    {
        Engine.Suspend(request.InstanceId, request.Reason);
        await Engine.PersistedAsync(request.InstanceId);
        return new();
    }

    public async Task<Proto.ResumeResponse> ResumeInstance(Proto.ResumeRequest request, ServerCallContext context)
    {
        Engine.Resume(request.InstanceId, request.Reason);
        await Engine.PersistedAsync(request.InstanceId);
        return new();
    }

    public async Task<Proto.PurgeInstancesResponse> PurgeInstances(Proto.PurgeInstancesRequest request, ServerCallContext context)
    {
        if (request.RequestCase != Proto.PurgeInstancesRequest.RequestOneofCase.InstanceId)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "purging by filter is not supported by the emulator; purge by instance id"));
        }

        var deleted = await Engine.PurgeAsync(request.InstanceId, request.Recursive, request.HasForce && request.Force);
        return new() { DeletedInstanceCount = deleted, IsComplete = true };
    }

    public async Task<Proto.CompleteTaskResponse> CompleteActivityTask(Proto.ActivityResponse request, ServerCallContext context)
    {
        Engine.CompleteActivity(request);
        await Engine.PersistedAsync(request.InstanceId);
        return new();
    }

    public async Task<Proto.CompleteTaskResponse> CompleteWorkflowTask(Proto.WorkflowResponse request, ServerCallContext context)
    {
        Engine.CompleteOrchestrator(request);
        await Engine.PersistedAsync(request.InstanceId);
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

    public static Proto.RerunWorkflowFromEventResponse RerunWorkflowFromEvent(Proto.RerunWorkflowFromEventRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "RerunWorkflowFromEvent is not supported by the emulator"));

    /// <summary>One worker's stream: work items for this sidecar's app id until the worker goes away.</summary>
    public async Task GetWorkItems(Proto.GetWorkItemsRequest request, IServerStreamWriter<Proto.WorkItem> writer, ServerCallContext context)
    {
        var stream = Engine.Connect(sidecar.AppId, sidecar);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stream.DroppedToken);
            var reader = stream.Outbox.Reader;
            var batch = new List<Proto.WorkItem>();
            while (await reader.WaitToReadAsync(stop.Token))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var dispatch))
                {
                    var ticket = dispatch.Ticket;
                    if (!ticket.Completed && ReferenceEquals(ticket.Stream, stream) && ticket.Token == dispatch.Token)
                    {
                        batch.Add(ticket.ForDispatch(dispatch.Token));
                    }
                }

                // What is ready goes out in one flush (up to MaxBatch items): a flush per item would serialise
                // the whole app's work on this one stream.
                for (var i = 0; i < batch.Count; i++)
                {
                    writer.WriteOptions = i < batch.Count - 1 ? BufferedWrite : null;
                    await writer.WriteAsync(batch[i], stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stream.DroppedToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the sidecar ended the worker stream (its app is stopping, or a test dropped it)"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker went away; what it held is dispatched again below.
        }
        finally
        {
            Engine.Disconnect(stream);
            stream.Dispose();
        }
    }
}
