using System.Text;
using Dapr;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Actors;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.State;

/// <summary>A state store that refuses transactions: the writer sees daprd's error and nothing is written.</summary>
public sealed class StateFaultTests
{
    [Fact]
    public async Task A_refused_actor_state_transaction_fails_the_actor_call_writes_nothing_and_the_next_turn_saves()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        await ActorApps.StartCounterAppAsync(dapr, new ActorProbe());
        var failing = await ActorApps.ProxyAsync(dapr, "f-1");
        var other = await ActorApps.ProxyAsync(dapr, "f-2");
        await failing.IncrementAsync();
        var store = dapr.StateStore("actorstore");

        store.Faults.FailNextTransactions(1, "counter-app||CounterActor||f-1||");

        // Another actor's turn is not the one refused.
        Assert.Equal(1, await other.IncrementAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => failing.IncrementAsync());
        Assert.Equal("1", Encoding.UTF8.GetString(store.Get("counter-app||CounterActor||f-1||count")!.Value));
        // The failed turn's change was discarded with it, not kept in the activation.
        Assert.Equal(1, await failing.GetAsync());
        Assert.Equal(2, await failing.IncrementAsync());
        Assert.Equal("2", Encoding.UTF8.GetString(store.Get("counter-app||CounterActor||f-1||count")!.Value));
    }

    [Fact]
    public async Task Refused_state_api_writes_fail_for_the_caller_and_the_next_one_applies()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var client = dapr.CreateDaprClient("stateful");
        await client.SaveStateAsync("statestore", "order", new Order("a", 1), cancellationToken: ct);

        dapr.StateStore("statestore").Faults.FailNextTransactions(2);

        await Assert.ThrowsAsync<DaprException>(() => client.SaveStateAsync("statestore", "order", new Order("a", 2), cancellationToken: ct));
        await Assert.ThrowsAsync<DaprException>(() => client.DeleteStateAsync("statestore", "order", cancellationToken: ct));
        Assert.Equal(1, (await client.GetStateAsync<Order>("statestore", "order", cancellationToken: ct)).Sequence);

        await client.SaveStateAsync("statestore", "order", new Order("a", 3), cancellationToken: ct);
        Assert.Equal(3, (await client.GetStateAsync<Order>("statestore", "order", cancellationToken: ct)).Sequence);
    }
}
