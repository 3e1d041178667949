using Dapr;
using Dapr.Client;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Actors;
using DaprEmulator.Tests.PubSub;
using DaprEmulator.Tests.Support;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;

namespace DaprEmulator.Tests.Resources;

/// <summary>What a real sidecar refuses, refused the same way.</summary>
public sealed class SidecarChecksTests
{
    [Fact]
    public async Task Publishing_to_an_undeclared_pubsub_fails_with_ERR_PUBSUB_NOT_FOUND_semantics()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var producer = dapr.CreateDaprClient("producer");

        var error = await Assert.ThrowsAsync<DaprException>(() => producer.PublishEventAsync("nope", "orders", new Order("a", 1), ct));

        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Contains("pubsub nope is not found", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(dapr.Published("nope", "orders"));
    }

    [Fact]
    public async Task Publishing_to_a_pubsub_scoped_to_other_apps_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Create(TestResources.PubSub + "\nscopes:\n- ingest\n");
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);

        await dapr.CreateDaprClient("ingest").PublishEventAsync("pubsub", "orders", new Order("a", 1), ct);
        var error = await Assert.ThrowsAsync<DaprException>(() => dapr.CreateDaprClient("outsider").PublishEventAsync("pubsub", "orders", new Order("a", 2), ct));

        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Contains("pubsub pubsub is not found (component pubsub is scoped to ingest, not to app outsider)", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Single(dapr.Published("pubsub", "orders"));
    }

    [Fact]
    public async Task A_sidecar_with_two_actor_state_stores_does_not_start()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Create(TestResources.ActorStore, TestResources.ActorStore.Replace("name: actorstore", "name: second", StringComparison.Ordinal));
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);

        var error = await Assert.ThrowsAsync<DaprResourceException>(() => ActorApps.StartCounterAppAsync(dapr, new ActorProbe()));

        Assert.Contains("detected duplicate actor state store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_without_an_actor_state_store_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Create(TestResources.StateStore);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var app = await ActorApps.StartCounterAppAsync(dapr, new ActorProbe());
        var actor = await ActorApps.ProxyAsync(dapr, "x-1");

        await Assert.ThrowsAnyAsync<Exception>(() => actor.GetAsync());

        Assert.Contains("actorStateStore", app.Sidecar.ActorConfigError, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(app.Sidecar.HttpEndpoint) };
        using var response = await http.GetAsync("/v1.0/actors/CounterActor/x-1/state/count", ct);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ERR_ACTOR_RUNTIME_NOT_FOUND", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declarative_subscription_delivers_to_the_apps_in_its_scope()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default("""
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata:
              name: orders-sub
            spec:
              pubsubname: pubsub
              topic: orders
              routes:
                rules:
                - match: event.type == "urgent"
                  path: /urgent
                default: /orders
            scopes:
            - declared
            """);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var normal = new Recorder<Order>();
        var urgent = new Recorder<Order>();
        await dapr.StartAppAsync(
            "declared",
            _ => { },
            app =>
            {
                app.UseCloudEvents();
                app.MapPost("/orders", (Order o) => normal.Add(o));
                app.MapPost("/urgent", (Order o) => urgent.Add(o));
            },
            ct);
        var outsider = new Recorder<Order>();
        await SubscriberApps.StartOrdersAsync(dapr, "not-declared", outsider, topic: "other");
        var producer = dapr.CreateDaprClient("producer");

        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 1), ct);
        await producer.PublishEventAsync("pubsub", "orders", new Order("a", 2), new Dictionary<string, string> { ["cloudevent.type"] = "urgent" }, ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal([1], normal.Items.Select(o => o.Sequence));
        Assert.Equal([2], urgent.Items.Select(o => o.Sequence));
        Assert.Equal(0, outsider.Count);
    }

    [Fact]
    public void A_resources_folder_with_an_unknown_retry_policy_is_refused()
    {
        using var resources = TestResources.Create("""
            apiVersion: dapr.io/v1alpha1
            kind: Resiliency
            metadata:
              name: broken
            spec:
              policies:
                retries: {}
              targets:
                components:
                  pubsub:
                    inbound:
                      retry: missing
            """);

        var error = Assert.Throws<DaprResourceException>(() => ResourceLoader.Load("app", [resources.Path]));

        Assert.Contains("undefined retry policy missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sidecar_refuses_a_port_that_is_already_taken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var cluster = new DaprCluster();
        var first = await cluster.StartSidecarAsync("one", [resources.Path], ct: ct);

        var error = await Assert.ThrowsAsync<SidecarStartException>(() => cluster.StartSidecarAsync("two", [resources.Path], httpPort: first.HttpPort, ct: ct));

        Assert.Contains($"port {first.HttpPort} is already in use", error.Message, StringComparison.Ordinal);
    }
}
