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
}
