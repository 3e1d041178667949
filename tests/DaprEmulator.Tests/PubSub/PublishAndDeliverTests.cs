using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.PubSub;

public sealed class PublishAndDeliverTests
{
    [Fact]
    public async Task A_message_published_with_DaprClient_reaches_a_Topic_endpoint_as_a_CloudEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received);
        var publisher = dapr.CreateDaprClient("producer");

        await publisher.PublishEventAsync("pubsub", "orders", new Order("k1", 1), new Dictionary<string, string> { ["partitionKey"] = "k1" }, ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([new Order("k1", 1)], received.Items);
        var published = Assert.Single(dapr.Published("pubsub", "orders"));
        Assert.Equal("k1", published.PartitionKey);
        Assert.Equal("producer", published.PublisherAppId);
        Assert.Equal(new Order("k1", 1), published.DataAs<Order>());
        var ev = published.CloudEvent!.Value;
        Assert.Equal("1.0", ev.GetProperty("specversion").GetString());
        Assert.Equal("com.dapr.event.sent", ev.GetProperty("type").GetString());
        Assert.Equal("orders", ev.GetProperty("topic").GetString());
        Assert.Equal("pubsub", ev.GetProperty("pubsubname").GetString());
        Assert.Equal("producer", ev.GetProperty("source").GetString());
        Assert.Equal("k1", ev.GetProperty("data").GetProperty("key").GetString());
    }
}
