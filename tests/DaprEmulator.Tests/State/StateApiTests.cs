using Dapr;
using Dapr.Client;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.State;

public sealed class StateApiTests
{
    [Fact]
    public async Task State_round_trips_with_ETags_and_a_stale_ETag_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var client = dapr.CreateDaprClient("stateful");

        await client.SaveStateAsync("statestore", "order", new Order("a", 1), cancellationToken: ct);
        var (value, etag) = await client.GetStateAndETagAsync<Order>("statestore", "order", cancellationToken: ct);
        Assert.Equal(new Order("a", 1), value);
        Assert.False(string.IsNullOrEmpty(etag));

        Assert.True(await client.TrySaveStateAsync("statestore", "order", new Order("a", 2), etag, cancellationToken: ct));
        Assert.False(await client.TrySaveStateAsync("statestore", "order", new Order("a", 3), etag, cancellationToken: ct));
        Assert.Equal(2, (await client.GetStateAsync<Order>("statestore", "order", cancellationToken: ct)).Sequence);

        var (_, current) = await client.GetStateAndETagAsync<Order>("statestore", "order", cancellationToken: ct);
        Assert.False(await client.TryDeleteStateAsync("statestore", "order", etag, cancellationToken: ct));
        Assert.True(await client.TryDeleteStateAsync("statestore", "order", current, cancellationToken: ct));
        Assert.Null(await client.GetStateAsync<Order>("statestore", "order", cancellationToken: ct));
    }

    [Fact]
    public async Task A_state_transaction_applies_all_operations_or_none()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var client = dapr.CreateDaprClient("stateful");
        await client.SaveStateAsync("statestore", "keep", "old", cancellationToken: ct);
        await client.SaveStateAsync("statestore", "gone", "old", cancellationToken: ct);

        var stale = new[]
        {
            new StateTransactionRequest("keep", System.Text.Encoding.UTF8.GetBytes("\"new\""), StateOperationType.Upsert),
            new StateTransactionRequest("gone", null, StateOperationType.Delete, etag: "999"),
        };
        await Assert.ThrowsAnyAsync<Exception>(() => client.ExecuteStateTransactionAsync("statestore", stale, cancellationToken: ct));
        Assert.Equal("old", await client.GetStateAsync<string>("statestore", "keep", cancellationToken: ct));
        Assert.Equal("old", await client.GetStateAsync<string>("statestore", "gone", cancellationToken: ct));

        var valid = new[]
        {
            new StateTransactionRequest("keep", System.Text.Encoding.UTF8.GetBytes("\"new\""), StateOperationType.Upsert),
            new StateTransactionRequest("gone", null, StateOperationType.Delete),
        };
        await client.ExecuteStateTransactionAsync("statestore", valid, cancellationToken: ct);
        Assert.Equal("new", await client.GetStateAsync<string>("statestore", "keep", cancellationToken: ct));
        Assert.Null(await client.GetStateAsync<string>("statestore", "gone", cancellationToken: ct));
    }

    [Fact]
    public async Task State_is_kept_per_app_id_and_an_unknown_store_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var one = dapr.CreateDaprClient("one");
        var two = dapr.CreateDaprClient("two");

        await one.SaveStateAsync("statestore", "k", "from one", cancellationToken: ct);

        Assert.Null(await two.GetStateAsync<string>("statestore", "k", cancellationToken: ct));
        var bulk = await one.GetBulkStateAsync("statestore", ["k", "missing"], parallelism: 1, cancellationToken: ct);
        Assert.Equal("\"from one\"", bulk.Single(i => i.Key == "k").Value);
        await Assert.ThrowsAsync<DaprException>(() => one.GetStateAsync<string>("nostore", "k", cancellationToken: ct));
        var metadata = await one.GetMetadataAsync(ct);
        Assert.Equal("one", metadata.Id);
        Assert.Contains(metadata.Components, c => c.Name == "statestore" && c.Type == "state.in-memory");
    }
}
