using Dapr.AspNetCore;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.PubSub;

public sealed class BulkDeliveryTests
{
    [Fact]
    public async Task Bulk_batches_hold_at_most_maxMessagesCount_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, PartitionsPerTopic = 1 }, ct);
        var batches = new Recorder<IReadOnlyList<Order>>();
        dapr.HoldDelivery("orders");
        await SubscriberApps.StartBulkAsync(dapr, "bulk", batches, maxMessagesCount: 4, maxAwaitDurationMs: 1000);
        var producer = dapr.CreateDaprClient("producer");

        var response = await producer.BulkPublishEventAsync("pubsub", "orders", Enumerable.Range(1, 10).Select(i => new Order("k", i)).ToList(), cancellationToken: ct);
        Assert.Empty(response.FailedEntries);
        dapr.ReleaseDelivery("orders");
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([4, 4, 2], batches.Items.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(1, 10), batches.Items.SelectMany(b => b).Select(o => o.Sequence));
    }

    [Fact]
    public async Task A_partial_batch_waits_for_maxAwaitDurationMs_on_the_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time, FlushBulkBatchesWhenIdle = false }, ct);
        var batches = new Recorder<IReadOnlyList<Order>>();
        await SubscriberApps.StartBulkAsync(dapr, "bulk", batches, maxMessagesCount: 10, maxAwaitDurationMs: 500);
        var producer = dapr.CreateDaprClient("producer");

        await producer.PublishEventAsync("pubsub", "orders", new Order("k", 1), new Dictionary<string, string> { ["partitionKey"] = "k" }, ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("k", 2), new Dictionary<string, string> { ["partitionKey"] = "k" }, ct);
        time.Advance(TimeSpan.FromMilliseconds(499));
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(0, batches.Count);
        Assert.Equal(2, dapr.Cluster.Broker.Lag("pubsub", "orders"));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        var batch = Assert.Single(batches.Items);
        Assert.Equal([1, 2], batch.Select(o => o.Sequence));
    }

    [Fact]
    public async Task RETRY_and_missing_entries_are_redelivered_and_DROP_goes_to_the_dead_letter_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time, PartitionsPerTopic = 1 }, ct);
        var batches = new Recorder<IReadOnlyList<Order>>();
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        await SubscriberApps.StartBulkAsync(
            dapr,
            "bulk",
            batches,
            maxMessagesCount: 10,
            maxAwaitDurationMs: 10,
            statusFor: o =>
            {
                var attempt = attempts.AddOrUpdate(o.Sequence, 1, (_, n) => n + 1);
                return (o.Sequence, attempt) switch
                {
                    (2, 1) => BulkSubscribeAppResponseStatus.RETRY,
                    (3, 1) => null, // left out of the answer: counts as RETRY
                    (4, _) => BulkSubscribeAppResponseStatus.DROP,
                    _ => BulkSubscribeAppResponseStatus.SUCCESS,
                };
            },
            deadLetterTopic: "orders-dead");
        var producer = dapr.CreateDaprClient("producer");

        await producer.BulkPublishEventAsync("pubsub", "orders", Enumerable.Range(1, 5).Select(i => new Order("k", i)).ToList(), cancellationToken: ct);
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal([1, 2, 3, 4, 5], Assert.Single(batches.Items).Select(o => o.Sequence));

        // The redelivery waits for its back-off on the clock.
        time.Advance(TimeSpan.FromMilliseconds(100));
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal(2, batches.Count);
        Assert.Equal([2, 3], batches.Items[1].Select(o => o.Sequence));
        var dead = Assert.Single(dapr.Published("pubsub", "orders-dead"));
        Assert.Equal(4, dead.DataAs<Order>()!.Sequence);
        Assert.Equal(0, dapr.Cluster.Broker.Lag("pubsub", "orders"));
    }

    [Fact]
    public async Task Waiting_for_idle_closes_a_partial_batch_but_later_messages_still_batch_by_maxAwaitDurationMs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var batches = new Recorder<IReadOnlyList<Order>>();
        await SubscriberApps.StartBulkAsync(dapr, "bulk", batches, maxMessagesCount: 10, maxAwaitDurationMs: 500);
        var producer = dapr.CreateDaprClient("producer");
        var key = new Dictionary<string, string> { ["partitionKey"] = "k" };

        await producer.PublishEventAsync("pubsub", "orders", new Order("k", 1), key, ct);
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal([1], Assert.Single(batches.Items).Select(o => o.Sequence));

        await producer.PublishEventAsync("pubsub", "orders", new Order("k", 2), key, ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("k", 3), key, ct);
        Assert.Equal(1, batches.Count);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([2, 3], batches.Items[1].Select(o => o.Sequence));
    }
}
