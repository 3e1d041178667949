using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.PubSub;

public sealed class SingleDeliveryTests
{
    private static readonly Dictionary<string, string> s_keyA = new() { ["partitionKey"] = "a" };

    [Fact]
    public async Task A_failing_handler_gets_the_message_again_after_the_back_off()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received, o => received.Count == 1 ? Results.StatusCode(500) : Results.Ok());
        var producer = dapr.CreateDaprClient("producer");

        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), s_keyA, ct);
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, received.Count);

        time.Advance(TimeSpan.FromMilliseconds(99));
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, received.Count);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(2, received.Count);
        Assert.Equal(0, dapr.Cluster.Broker.Lag("pubsub", "orders"));
    }

    [Fact]
    public async Task Status_DROP_and_404_send_the_message_to_the_dead_letter_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(
            dapr,
            "consumer",
            received,
            o => o.Sequence == 1 ? Results.Json(new { status = "DROP" }) : Results.NotFound(),
            deadLetterTopic: "orders-dlq");
        var producer = dapr.CreateDaprClient("producer");

        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), s_keyA, ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 2), s_keyA, ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([1, 2], dapr.Published("pubsub", "orders-dlq").Select(m => m.DataAs<Order>()!.Sequence));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task Retries_exhausted_under_a_resiliency_policy_go_to_the_dead_letter_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default("""
            apiVersion: dapr.io/v1alpha1
            kind: Resiliency
            metadata:
              name: inbound
            spec:
              policies:
                retries:
                  twice:
                    policy: constant
                    duration: 2s
                    maxRetries: 2
              targets:
                components:
                  pubsub:
                    inbound:
                      retry: twice
            """);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var received = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "consumer", received, _ => Results.Json(new { status = "RETRY" }), deadLetterTopic: "orders-dlq");
        var producer = dapr.CreateDaprClient("producer");

        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), s_keyA, ct);
        await dapr.WaitForIdleAsync(ct);
        for (var i = 0; i < 2; i++)
        {
            Assert.Empty(dapr.Published("pubsub", "orders-dlq"));
            time.Advance(TimeSpan.FromSeconds(2));
            await dapr.WaitForIdleAsync(ct);
        }

        Assert.Equal(3, received.Count); // the first delivery and two retries
        Assert.Single(dapr.Published("pubsub", "orders-dlq"));
    }

    [Fact]
    public async Task Each_app_id_gets_every_message_and_replicas_of_one_app_id_share_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var billing = new Recorder<Order>();
        var shippingOne = new Recorder<Order>();
        var shippingTwo = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "billing", billing);
        await SubscriberApps.StartOrdersAsync(dapr, "shipping", shippingOne);
        await SubscriberApps.StartAttributeSubscriberAsync(dapr, "shipping", shippingTwo);
        var producer = dapr.CreateDaprClient("producer");

        for (var i = 0; i < 40; i++)
        {
            await producer.PublishEventAsync("pubsub", "orders", new Order("k" + i, i), new Dictionary<string, string> { ["partitionKey"] = "k" + i }, ct);
        }

        await dapr.WaitForIdleAsync(ct);

        Assert.Equal(40, billing.Count);
        Assert.Equal(40, shippingOne.Count + shippingTwo.Count);
        Assert.NotEqual(0, shippingOne.Count);
        Assert.NotEqual(0, shippingTwo.Count);
        Assert.Empty(shippingOne.Items.Select(o => o.Sequence).Intersect(shippingTwo.Items.Select(o => o.Sequence)));
    }

    [Fact]
    public async Task Ten_thousand_messages_over_a_hundred_partition_keys_arrive_in_order_per_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var batches = new Recorder<IReadOnlyList<Order>>();
        var rng = new Random(7);
        await SubscriberApps.StartBulkAsync(
            dapr,
            "ordered",
            batches,
            maxMessagesCount: 50,
            maxAwaitDurationMs: 5,
            statusFor: _ => rng.Next(10) == 0 ? Dapr.AspNetCore.BulkSubscribeAppResponseStatus.RETRY : Dapr.AspNetCore.BulkSubscribeAppResponseStatus.SUCCESS);
        var producer = dapr.CreateDaprClient("producer");

        // One publisher per key, each in order; keys interleave freely.
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (key, token) =>
        {
            var metadata = new Dictionary<string, string> { ["partitionKey"] = "key-" + key };
            for (var seq = 0; seq < 100; seq++)
            {
                await producer.PublishEventAsync("pubsub", "orders", new Order("key-" + key, seq), metadata, token);
            }
        });
        await WaitUntilDeliveredAsync(dapr, ct);

        var successful = new Dictionary<string, List<int>>();
        var lastSeen = new Dictionary<string, int>();
        foreach (var order in batches.Items.SelectMany(b => b))
        {
            // A retried message comes back before anything behind it on its key: the sequence never jumps ahead.
            var previous = lastSeen.GetValueOrDefault(order.Key, -1);
            Assert.True(order.Sequence <= previous + 1, $"{order.Key}: {order.Sequence} after {previous}");
            lastSeen[order.Key] = Math.Max(previous, order.Sequence);
        }

        Assert.Equal(100, lastSeen.Count);
        Assert.All(lastSeen.Values, last => Assert.Equal(99, last));
        Assert.Equal(10_000, dapr.Published("pubsub", "orders").Count);
    }

    private static async Task WaitUntilDeliveredAsync(DaprTestEnvironment dapr, CancellationToken ct)
    {
        // Retries wait 100 ms on the real clock here; poll the broker's lag with a bound instead of sleeping for it.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        while (dapr.Cluster.Broker.Lag("pubsub", "orders") > 0)
        {
            await dapr.WaitForIdleAsync(cts.Token);
            await Task.Delay(20, cts.Token);
        }
    }
}
