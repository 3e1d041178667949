using System.Globalization;
using System.Net.Http.Json;
using DaprEmulator.SampleApp;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Hosting;

/// <summary>Hosting an app's real Program (WebApplicationFactory on Kestrel) with its sidecar.</summary>
public sealed class EntryPointHostingTests
{
    [Fact]
    public async Task StartAppAsync_gives_the_app_its_Dapr_settings_and_the_shared_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);

        var app = await dapr.StartAppAsync<Program>("sample", ct: ct);
        using var client = app.CreateClient();

        var settings = await client.GetFromJsonAsync<Dictionary<string, string?>>("/settings", ct);
        Assert.Equal("sample", settings!["APP_ID"]);
        Assert.Equal(app.Sidecar.HttpPort.ToString(CultureInfo.InvariantCulture), settings["DAPR_HTTP_PORT"]);
        Assert.Equal(app.Sidecar.GrpcPort.ToString(CultureInfo.InvariantCulture), settings["DAPR_GRPC_PORT"]);
        Assert.Equal(app.Port.ToString(CultureInfo.InvariantCulture), settings["APP_PORT"]);
        Assert.Equal(time.GetUtcNow(), await client.GetFromJsonAsync<DateTimeOffset>("/now", ct));
    }

    [Fact]
    public async Task An_app_publishes_through_its_sidecar_and_receives_on_its_Topic_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var app = await dapr.StartAppAsync<Program>("sample", ct: ct);
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/notes", new Note("hello"), ct);
        response.EnsureSuccessStatusCode();
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal("hello", Assert.Single(dapr.Published("pubsub", "notes")).DataAs<Note>()!.Text);
        Assert.Equal([new Note("hello")], await client.GetFromJsonAsync<Note[]>("/notes", ct) ?? []);
    }

    [Fact]
    public async Task Messages_published_while_an_app_is_stopped_reach_it_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var app = await dapr.StartAppAsync<Program>("sample", ct: ct);
        var producer = dapr.CreateDaprClient("producer");

        await dapr.StopAppAsync("sample");
        Assert.False(app.IsRunning);
        await producer.PublishEventAsync("pubsub", "notes", new Note("while down"), ct);
        await dapr.WaitForIdleAsync(ct);
        await dapr.RestartAppAsync("sample", ct);
        await dapr.WaitForIdleAsync(ct);

        using var client = app.CreateClient();
        Assert.Equal([new Note("while down")], await client.GetFromJsonAsync<Note[]>("/notes", ct) ?? []);
    }

    [Fact]
    public async Task A_message_waiting_for_its_retry_goes_out_as_soon_as_the_app_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var received = new Recorder<Order>();
        var failFirst = 1;
        await PubSub.SubscriberApps.StartOrdersAsync(dapr, "consumer", received, _ => Interlocked.Exchange(ref failFirst, 0) == 1 ? Microsoft.AspNetCore.Http.Results.StatusCode(503) : Microsoft.AspNetCore.Http.Results.Ok());
        await dapr.CreateDaprClient("producer").PublishEventAsync("pubsub", "orders", new Order("a", 1), ct);
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(1, received.Count);

        await dapr.RestartAppAsync("consumer", ct);
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal(2, received.Count);
        Assert.Equal(0, dapr.Cluster.Broker.Lag("pubsub", "orders"));
    }
}
