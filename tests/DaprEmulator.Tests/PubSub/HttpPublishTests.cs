using System.Net;
using System.Net.Http.Json;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.PubSub;

public sealed class HttpPublishTests
{
    [Fact]
    public async Task The_HTTP_publish_API_takes_metadata_from_the_query_and_refuses_unknown_pubsubs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received);
        var sidecar = await dapr.StartSidecarAsync("producer", ct);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };

        using var ok = await http.PostAsJsonAsync("/v1.0/publish/pubsub/orders?metadata.partitionKey=p1", new Order("p1", 1), ct);
        using var bulk = await http.PostAsJsonAsync("/v1.0-alpha1/publish/bulk/pubsub/orders", new[] { new { entryId = "1", @event = new Order("p1", 2), contentType = "application/json" } }, ct);
        using var refused = await http.PostAsJsonAsync("/v1.0/publish/missing/orders", new Order("p1", 3), ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("ERR_PUBSUB_NOT_FOUND", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal("p1", dapr.Published("pubsub", "orders")[0].PartitionKey);
        Assert.Equal([1, 2], received.Items.Select(o => o.Sequence).Order());
    }

    [Fact]
    public async Task The_Alpha1_bulk_publish_method_is_served_as_well()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var sidecar = await dapr.StartSidecarAsync("producer", ct);
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(sidecar.GrpcEndpoint);
        var grpc = new Dapr.Client.Autogen.Grpc.v1.Dapr.DaprClient(channel);
        var request = new Dapr.Client.Autogen.Grpc.v1.BulkPublishRequest { PubsubName = "pubsub", Topic = "orders" };
        request.Metadata["partitionKey"] = "alpha";
        request.Entries.Add(new Dapr.Client.Autogen.Grpc.v1.BulkPublishRequestEntry
        {
            EntryId = "e1",
            ContentType = "application/json",
            Event = Google.Protobuf.ByteString.CopyFromUtf8("""{"key":"alpha","sequence":5}"""),
        });

        // Older SDKs call the Alpha1 name; the stub marks it obsolete, which is the point of serving it.
#pragma warning disable CS0612
        var response = await grpc.BulkPublishEventAlpha1Async(request, cancellationToken: ct);
#pragma warning restore CS0612

        Assert.Empty(response.FailedEntries);
        var message = Assert.Single(dapr.Published("pubsub", "orders"));
        Assert.Equal(new Order("alpha", 5), message.DataAs<Order>());
        Assert.Equal("alpha", message.PartitionKey);
    }
}
