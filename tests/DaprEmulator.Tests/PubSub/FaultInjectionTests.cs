using Dapr;
using Dapr.Client;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.PubSub;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task FailNextPublishes_fails_that_many_publishes_then_lets_them_through()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var producer = dapr.CreateDaprClient("producer");
        dapr.Faults.FailNextPublishes(2, "pubsub", "orders");

        var first = await Assert.ThrowsAsync<DaprException>(() => producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), ct));
        await Assert.ThrowsAsync<DaprException>(() => producer.PublishEventAsync("pubsub", "orders", new Order("a", 2), ct));
        await producer.PublishEventAsync("pubsub", "other", new Order("a", 3), ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 4), ct);

        Assert.Contains("injected", first.InnerException?.Message ?? first.Message, StringComparison.Ordinal);
        Assert.Equal([4], dapr.Published("pubsub", "orders").Select(m => m.DataAs<Order>()!.Sequence));
    }

    [Fact]
    public async Task A_failed_entry_of_a_bulk_publish_is_reported_in_FailedEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var producer = dapr.CreateDaprClient("producer");
        dapr.Faults.FailNextPublishes(1);

        var response = await producer.BulkPublishEventAsync("pubsub", "orders", [new Order("a", 1), new Order("a", 2)], cancellationToken: ct);

        Assert.Single(response.FailedEntries);
        Assert.Equal(2, Assert.Single(dapr.Published("pubsub", "orders")).DataAs<Order>()!.Sequence);
    }

    [Fact]
    public async Task DeliverTwice_hands_the_same_message_to_the_subscriber_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received);
        var producer = dapr.CreateDaprClient("producer");
        dapr.Faults.DeliverTwice("pubsub", "orders");

        // One key, so one partition: the two are delivered one after the other, and "the next delivery" is the first.
        var oneKey = new Dictionary<string, string> { ["partitionKey"] = "a" };
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), oneKey, ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 2), oneKey, ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([1, 1, 2], received.Items.Select(o => o.Sequence).Order());
    }

    [Fact]
    public async Task Held_messages_wait_until_the_topic_is_released()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received);
        var producer = dapr.CreateDaprClient("producer");

        dapr.HoldDelivery("orders");
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), ct);
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(0, received.Count);
        Assert.Single(dapr.Published("pubsub", "orders"));

        dapr.ReleaseDelivery("orders");
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, received.Count);
    }
}
