using Dapr;
using Dapr.Client;
using DaprEmulator.Core;
using DaprEmulator.Storage;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Actors;
using DaprEmulator.Tests.PubSub;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Storage;

/// <summary>
/// The emulator with a data folder, as the local run uses it: what it acknowledged is there again when an emulator
/// starts on the same folder (state with its ETags, actor state, messages not yet acknowledged, offsets, reminders).
/// </summary>
public sealed class DurableStorageTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dapr-emulator-tests", "data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Task<DaprTestEnvironment> StartAsync(TestResources resources, TimeProvider? time = null) =>
        DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, DataDirectory = _data, TimeProvider = time }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task State_and_its_ETags_survive_a_restart_and_a_stale_ETag_stays_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        string etag;
        await using (var dapr = await StartAsync(resources))
        {
            var client = dapr.CreateDaprClient("shop");
            await client.SaveStateAsync("statestore", "cart", new Order("k", 1), cancellationToken: ct);
            await client.SaveStateAsync("statestore", "gone", new Order("k", 2), cancellationToken: ct);
            await client.DeleteStateAsync("statestore", "gone", cancellationToken: ct);
            (_, etag) = await client.GetStateAndETagAsync<Order>("statestore", "cart", cancellationToken: ct);
        }

        await using (var dapr = await StartAsync(resources))
        {
            var client = dapr.CreateDaprClient("shop");
            var (cart, etagAfter) = await client.GetStateAndETagAsync<Order>("statestore", "cart", cancellationToken: ct);
            Assert.Equal(new Order("k", 1), cart);
            Assert.Equal(etag, etagAfter);
            Assert.Null(await client.GetStateAsync<Order>("statestore", "gone", cancellationToken: ct));

            Assert.True(await client.TrySaveStateAsync("statestore", "cart", new Order("k", 3), etag, cancellationToken: ct));
            Assert.False(await client.TrySaveStateAsync("statestore", "cart", new Order("k", 4), etag, cancellationToken: ct));
        }

        await using (var dapr = await StartAsync(resources))
        {
            var client = dapr.CreateDaprClient("shop");
            Assert.Equal(new Order("k", 3), await client.GetStateAsync<Order>("statestore", "cart", cancellationToken: ct));
        }
    }

    [Fact]
    public async Task Messages_not_yet_acknowledged_wait_across_a_restart_and_acknowledged_ones_are_not_delivered_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var before = new Recorder<Order>();
        await using (var dapr = await StartAsync(resources))
        {
            await SubscriberApps.StartOrdersAsync(dapr, "shop", before);
            var producer = dapr.CreateDaprClient("producer");
            for (var i = 1; i <= 3; i++)
            {
                await producer.PublishEventAsync("pubsub", "orders", new Order("k", i), ct);
            }

            await dapr.WaitForIdleAsync(ct);
            Assert.Equal([1, 2, 3], before.Items.Select(o => o.Sequence).Order());

            // The subscriber is down: what is published now waits for it, through the emulator's restart.
            await dapr.StopAppAsync("shop");
            await producer.BulkPublishEventAsync("pubsub", "orders", [.. Enumerable.Range(4, 4).Select(i => new Order("k", i))], cancellationToken: ct);
        }

        var after = new Recorder<Order>();
        await using (var dapr = await StartAsync(resources))
        {
            await SubscriberApps.StartOrdersAsync(dapr, "shop", after);
            await after.WaitForCountAsync(4, ct);
            await dapr.WaitForIdleAsync(ct);

            Assert.Equal([4, 5, 6, 7], after.Items.Select(o => o.Sequence).Order());
            Assert.Equal(0, dapr.Cluster.Broker.Lag("pubsub", "orders"));
        }
    }

    [Fact]
    public async Task Actor_state_and_reminders_survive_a_restart_and_a_reminder_fires_when_due()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var dapr = await StartAsync(resources, time))
        {
            await ActorApps.StartCounterAppAsync(dapr, new ActorProbe());
            var actor = await ActorApps.ProxyAsync(dapr, "c-1");
            await actor.IncrementAsync();
            await actor.IncrementAsync();
            await actor.RemindAsync(new ReminderRequest("deadline", TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan));
            await dapr.WaitForIdleAsync(ct);
        }

        time.Advance(TimeSpan.FromMinutes(3));
        await using (var dapr = await StartAsync(resources, time))
        {
            var reminder = Assert.Single(dapr.Cluster.Actors.Reminders.List());
            Assert.Equal(("deadline", new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero)), (reminder.Name, reminder.NextFire));

            var probe = new ActorProbe();
            await ActorApps.StartCounterAppAsync(dapr, probe);
            var actor = await ActorApps.ProxyAsync(dapr, "c-1");
            Assert.Equal(2, await actor.GetAsync());

            time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
            await dapr.WaitForIdleAsync(ct);
            Assert.Empty(probe.Reminders);
            time.Advance(TimeSpan.FromMilliseconds(1));
            await dapr.WaitForIdleAsync(ct);
            var fired = Assert.Single(probe.Reminders);
            Assert.Equal(("c-1", "deadline"), (fired.ActorId, fired.Name));
            Assert.Empty(dapr.Cluster.Actors.Reminders.List()); // one-shot: fired, then gone from disk too
        }

        await using (var dapr = await StartAsync(resources, time))
        {
            Assert.Empty(dapr.Cluster.Actors.Reminders.List());
        }
    }

    [Fact]
    public async Task Concurrent_publishes_share_commits_and_each_is_answered_once_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await StartAsync(resources);
        var producer = dapr.CreateDaprClient("producer");
        var disk = dapr.Cluster.Disk!;
        var (commitsBefore, writesBefore) = disk.Stats;

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i => producer.PublishEventAsync("pubsub", "orders", new Order($"k{i % 7}", i), ct)));

        var (commits, writes) = disk.Stats;
        Assert.Equal(200, writes - writesBefore);
        Assert.True(commits - commitsBefore < 200, $"{commits - commitsBefore} commits for 200 concurrent publishes: no group commit");
        Assert.Equal(200, dapr.Published("pubsub", "orders").Count);
    }

    [Fact]
    public async Task A_publish_the_store_cannot_write_is_refused_not_acknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await StartAsync(resources);
        var producer = dapr.CreateDaprClient("producer");
        dapr.Cluster.Disk!.Dispose(); // The disk is gone from under the broker.

        var error = await Assert.ThrowsAsync<DaprException>(() => producer.PublishEventAsync("pubsub", "orders", new Order("k", 1), ct));

        Assert.Contains("store is closed", error.InnerException?.Message ?? error.Message, StringComparison.Ordinal);
        Assert.Empty(dapr.Published("pubsub", "orders"));
    }

    [Fact]
    public async Task A_data_folder_serves_one_emulator_at_a_time_and_wiping_it_starts_afresh()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using (var dapr = await StartAsync(resources))
        {
            await dapr.CreateDaprClient("shop").SaveStateAsync("statestore", "cart", new Order("k", 1), cancellationToken: ct);

            var second = Assert.Throws<DurableStoreException>(() => new DaprCluster(new DaprClusterOptions { DataDirectory = _data }));
            Assert.Contains("in use by another emulator", second.Message, StringComparison.Ordinal);
            Assert.Throws<DurableStoreException>(() => DurableStore.Wipe(_data));
        }

        DurableStore.Wipe(_data);

        await using (var dapr = await StartAsync(resources))
        {
            Assert.Null(await dapr.CreateDaprClient("shop").GetStateAsync<Order>("statestore", "cart", cancellationToken: ct));
        }
    }
}
