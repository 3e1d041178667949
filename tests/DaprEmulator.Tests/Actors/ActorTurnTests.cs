using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.Actors;

public sealed class ActorTurnTests
{
    [Fact]
    public async Task Concurrent_calls_to_one_actor_never_overlap_and_none_is_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe);
        var actor = await ActorApps.ProxyAsync(dapr, "a-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => actor.IncrementAsync()));

        Assert.Equal(1, probe.MaxConcurrentTurnsPerActor);
        Assert.Equal(Enumerable.Range(1, 25), results.Order());
        Assert.Equal(25, await actor.GetAsync());
    }

    [Fact]
    public async Task Different_actor_ids_run_their_turns_in_parallel()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe);
        var first = await ActorApps.ProxyAsync(dapr, "p-1");
        var second = await ActorApps.ProxyAsync(dapr, "p-2");

        // The first turn waits at its gate until the second actor's turn has started: serialising the two ids would deadlock.
        var blocked = first.WaitAtGateAsync("g1");
        await probe.EnteredSignal("g1").Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        var other = second.WaitAtGateAsync("g2");
        await probe.EnteredSignal("g2").Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        probe.Gate("g1").SetResult();
        probe.Gate("g2").SetResult();

        var results = await Task.WhenAll(blocked, other);
        Assert.Equal(new[] { 1, 1 }, results);
    }

    [Fact]
    public async Task A_throwing_actor_method_leaves_no_state_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe);
        var actor = await ActorApps.ProxyAsync(dapr, "t-1");
        await actor.IncrementAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => actor.SetThenThrowAsync(99));

        Assert.Equal(1, await actor.GetAsync());
        var stored = dapr.Cluster.StateStores.Get("actorstore").Snapshot();
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(stored["counter-app||CounterActor||t-1||count"].Value));
        Assert.DoesNotContain("counter-app||CounterActor||t-1||other", stored.Keys);
    }

    [Fact]
    public async Task The_state_store_counts_committed_transactions_and_keys_and_reports_each_key_s_size()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe);
        var actor = await ActorApps.ProxyAsync(dapr, "w-1");
        var store = dapr.StateStore("actorstore");
        var before = store.Stats;
        var calls = dapr.Cluster.Actors.MethodCalls;

        await actor.IncrementAsync();
        await actor.IncrementAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => actor.SetThenThrowAsync(99));

        // Two turns saved one key each; the turn that threw saved nothing.
        var after = store.Stats;
        Assert.Equal(2, after.Transactions - before.Transactions);
        Assert.Equal(2, after.KeysWritten - before.KeysWritten);
        Assert.Equal(0, after.KeysDeleted - before.KeysDeleted);
        Assert.Equal(2, after.BytesWritten - before.BytesWritten);
        Assert.Equal(3, dapr.Cluster.Actors.MethodCalls - calls);
        var size = Assert.Single(store.ValueSizes("counter-app||CounterActor||w-1||"));
        Assert.Equal(KeyValuePair.Create("counter-app||CounterActor||w-1||count", 1), size);
        Assert.Empty(store.ValueSizes("counter-app||CounterActor||nobody||"));
    }

    [Fact]
    public async Task Actor_ids_are_placed_across_replicas_and_each_id_stays_on_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var first = new ActorProbe();
        var second = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, first);
        await ActorApps.StartCounterAppAsync(dapr, second);

        for (var i = 0; i < 20; i++)
        {
            var actor = await ActorApps.ProxyAsync(dapr, "id-" + i);
            await actor.IncrementAsync();
            Assert.Equal(2, await actor.IncrementAsync());
        }

        Assert.NotEmpty(first.SeenIds);
        Assert.NotEmpty(second.SeenIds);
        Assert.Empty(first.SeenIds.Intersect(second.SeenIds));
        Assert.Equal(20, first.SeenIds.Count + second.SeenIds.Count);
    }
}
