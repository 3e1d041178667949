using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprEmulator.Tests.Grpc;

/// <summary>The gRPC API as an older or a slow runtime answers it, and the log of the calls it received.</summary>
public sealed class GrpcApiFaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unimplemented_method_answers_UNIMPLEMENTED_and_the_call_is_logged_with_its_token_and_entries()
    {
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var sidecar = await dapr.StartSidecarAsync("producer", Ct);
        using var channel = GrpcChannel.ForAddress(sidecar.GrpcEndpoint);
        var grpc = new Autogen.Dapr.DaprClient(channel);
        dapr.Cluster.GrpcFaults.Unimplement("BulkPublishEvent");
        dapr.Cluster.GrpcCalls.Start();
        var token = new Metadata { { "dapr-api-token", "secret" } };

        var refused = await Assert.ThrowsAsync<RpcException>(() => grpc.BulkPublishEventAsync(Request(2), token, cancellationToken: Ct).ResponseAsync);
#pragma warning disable CS0612 // the Alpha1 name is obsolete in the stub; an older runtime has only that one
        await grpc.BulkPublishEventAlpha1Async(Request(2), token, cancellationToken: Ct);
#pragma warning restore CS0612

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
        Assert.Equal(2, dapr.Published("pubsub", "orders").Count);
        Assert.Equal(
            [new("producer", "BulkPublishEvent", "secret", 2), new("producer", "BulkPublishEventAlpha1", "secret", 2)],
            dapr.Cluster.GrpcCalls.Calls.Where(c => c.Method.StartsWith("BulkPublish", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_held_method_does_its_work_and_is_answered_once_released()
    {
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var sidecar = await dapr.StartSidecarAsync("producer", Ct);
        using var channel = GrpcChannel.ForAddress(sidecar.GrpcEndpoint);
        var grpc = new Autogen.Dapr.DaprClient(channel);
        dapr.Cluster.GrpcFaults.Hold("BulkPublishEvent");

        var call = grpc.BulkPublishEventAsync(Request(1), cancellationToken: Ct).ResponseAsync;
        while (dapr.Published("pubsub", "orders").Count == 0)
        {
            await Task.Delay(5, Ct);
        }

        Assert.False(call.IsCompleted);
        dapr.Cluster.GrpcFaults.Release("BulkPublishEvent");
        Assert.Empty((await call).FailedEntries);
        Assert.Empty(dapr.Cluster.GrpcCalls.Calls); // the log is off until a test starts it
    }

    private static Autogen.BulkPublishRequest Request(int entries)
    {
        var request = new Autogen.BulkPublishRequest { PubsubName = "pubsub", Topic = "orders" };
        for (var i = 0; i < entries; i++)
        {
            request.Entries.Add(new Autogen.BulkPublishRequestEntry
            {
                EntryId = $"e{i}",
                ContentType = "application/json",
                Event = ByteString.CopyFromUtf8($$"""{"key":"k","sequence":{{i}}}"""),
            });
        }

        return request;
    }
}
