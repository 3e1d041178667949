using DaprEmulator.Core;
using DaprEmulator.State;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprEmulator.Grpc;

/// <summary>The gRPC API calls the .NET SDK makes for publish, bulk publish, state, secrets and metadata.</summary>
internal sealed class DaprGrpcService(DaprSidecar sidecar)
{
    public DaprSidecar Sidecar => sidecar;

    public async Task<Empty> PublishEvent(Autogen.PublishEventRequest request, ServerCallContext context)
    {
        await sidecar.Cluster.Broker.PublishAsync(sidecar.AppId, sidecar.Resources, request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType, request.Metadata);
        return new Empty();
    }

    public async Task<Autogen.BulkPublishResponse> BulkPublishEvent(Autogen.BulkPublishRequest request, ServerCallContext context)
    {
        // Refusals that concern the whole request (unknown pub/sub, scope) fail the call like daprd does.
        sidecar.Resources.RequirePubSub(request.PubsubName);
        var response = new Autogen.BulkPublishResponse();
        var accepted = new List<(string EntryId, PubSub.PublishedMessage Message)>(request.Entries.Count);
        foreach (var entry in request.Entries)
        {
            var metadata = new Dictionary<string, string>(request.Metadata);
            foreach (var (k, v) in entry.Metadata)
            {
                metadata[k] = v;
            }

            try
            {
                accepted.Add((entry.EntryId, sidecar.Cluster.Broker.Prepare(sidecar.AppId, sidecar.Resources, request.PubsubName, request.Topic, entry.Event.ToByteArray(), entry.ContentType, metadata)));
            }
            catch (DaprApiException ex) when (ex.Code == DaprErrorCodes.PubSubPublishFailed)
            {
                response.FailedEntries.Add(new Autogen.BulkPublishResponseFailedEntry { EntryId = entry.EntryId, Error = ex.Message });
            }
        }

        // The request's messages are stored together: one write to disk for the whole bulk publish.
        try
        {
            await sidecar.Cluster.Broker.AppendAsync(accepted.ConvertAll(a => a.Message));
        }
        catch (DaprApiException ex) when (ex.Code == DaprErrorCodes.PubSubPublishFailed)
        {
            foreach (var (entryId, _) in accepted)
            {
                response.FailedEntries.Add(new Autogen.BulkPublishResponseFailedEntry { EntryId = entryId, Error = ex.Message });
            }
        }

        return response;
    }

    public Autogen.GetStateResponse GetState(Autogen.GetStateRequest request, ServerCallContext context)
    {
        var entry = StateApi.Get(sidecar, request.StoreName, request.Key);
        return entry is null
            ? new Autogen.GetStateResponse()
            : new Autogen.GetStateResponse { Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag };
    }

    public Autogen.GetBulkStateResponse GetBulkState(Autogen.GetBulkStateRequest request, ServerCallContext context)
    {
        var response = new Autogen.GetBulkStateResponse();
        foreach (var key in request.Keys)
        {
            var entry = StateApi.Get(sidecar, request.StoreName, key);
            response.Items.Add(entry is null
                ? new Autogen.BulkStateItem { Key = key }
                : new Autogen.BulkStateItem { Key = key, Data = ByteString.CopyFrom(entry.Value), Etag = entry.ETag });
        }

        return response;
    }

    public async Task<Empty> SaveState(Autogen.SaveStateRequest request, ServerCallContext context)
    {
        await StateApi.ApplyAsync(sidecar, request.StoreName, request.States.Select(Upsert).ToList());
        return new Empty();
    }

    public async Task<Empty> DeleteState(Autogen.DeleteStateRequest request, ServerCallContext context)
    {
        await StateApi.ApplyAsync(sidecar, request.StoreName, [new StateOperation(request.Key, true, null, EtagOf(request.Etag), false, null)]);
        return new Empty();
    }

    public async Task<Empty> DeleteBulkState(Autogen.DeleteBulkStateRequest request, ServerCallContext context)
    {
        await StateApi.ApplyAsync(sidecar, request.StoreName, request.States.Select(s => new StateOperation(s.Key, true, null, EtagOf(s.Etag), false, null)).ToList());
        return new Empty();
    }

    public async Task<Empty> ExecuteStateTransaction(Autogen.ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        var ops = request.Operations.Select(op => op.OperationType switch
        {
            "upsert" => Upsert(op.Request),
            "delete" => new StateOperation(op.Request.Key, true, null, EtagOf(op.Request.Etag), false, null),
            _ => throw new DaprApiException(DaprErrorCodes.BadRequest, $"operation type {op.OperationType} not supported"),
        }).ToList();
        await StateApi.ApplyAsync(sidecar, request.StoreName, ops);
        return new Empty();
    }

    public Autogen.GetSecretResponse GetSecret(Autogen.GetSecretRequest request, ServerCallContext context)
    {
        var response = new Autogen.GetSecretResponse();
        foreach (var (key, value) in sidecar.SecretStores.GetSecret(request.StoreName, request.Key))
        {
            response.Data.Add(key, value);
        }

        return response;
    }

    public Autogen.GetBulkSecretResponse GetBulkSecret(Autogen.GetBulkSecretRequest request, ServerCallContext context)
    {
        var response = new Autogen.GetBulkSecretResponse();
        foreach (var (name, values) in sidecar.SecretStores.GetBulkSecret(request.StoreName))
        {
            var secret = new Autogen.SecretResponse();
            foreach (var (key, value) in values)
            {
                secret.Secrets.Add(key, value);
            }

            response.Data.Add(name, secret);
        }

        return response;
    }

    public Autogen.GetMetadataResponse GetMetadata(Autogen.GetMetadataRequest request, ServerCallContext context)
    {
        var response = new Autogen.GetMetadataResponse { Id = sidecar.AppId, RuntimeVersion = "emulator" };
        foreach (var c in sidecar.Resources.Components)
        {
            response.RegisteredComponents.Add(new Autogen.RegisteredComponents { Name = c.Name, Type = c.Type, Version = c.Version });
        }

        foreach (var s in sidecar.App?.Subscriptions ?? [])
        {
            response.Subscriptions.Add(new Autogen.PubsubSubscription { PubsubName = s.PubsubName, Topic = s.Topic, DeadLetterTopic = s.DeadLetterTopic ?? string.Empty });
        }

        return response;
    }

    private static StateOperation Upsert(Autogen.StateItem item)
    {
        var firstWrite = item.Options?.Concurrency == Autogen.StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite;
        return new StateOperation(item.Key, false, item.Value.ToByteArray(), EtagOf(item.Etag), firstWrite, StateApi.Ttl(item.Metadata));
    }

    private static string? EtagOf(Autogen.Etag? etag) => etag is null || string.IsNullOrEmpty(etag.Value) ? null : etag.Value;
}
