using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Dapr.Actors;
using Dapr.Actors.Client;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprEmulator.Tests.Actors;

/// <summary>The actor API at the wire level: the non-remoting proxy, and the emulator's own turn lock.</summary>
public sealed class ActorWireTests
{
    [Fact]
    public async Task A_non_remoting_proxy_calls_the_actor_with_JSON()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        await ActorApps.StartCounterAppAsync(dapr, new ActorProbe());
        var sidecar = await dapr.StartSidecarAsync("caller", ct);
        var proxy = ActorProxy.Create(new ActorId("json-1"), nameof(CounterActor), new ActorProxyOptions { HttpEndpoint = sidecar.HttpEndpoint });

        Assert.Equal(1, await proxy.InvokeMethodAsync<int>(nameof(ICounterActor.IncrementAsync), ct));
        Assert.Equal(2, await proxy.InvokeMethodAsync<int>(nameof(ICounterActor.IncrementAsync), ct));
        Assert.Equal(2, await proxy.InvokeMethodAsync<int>(nameof(ICounterActor.GetAsync), ct));
    }

    /// <summary>
    /// An app that implements the actor callbacks by hand (no SDK turn lock): any serialisation it sees comes
    /// from the sidecar. Each call waits at its actor's gate, which the test opens one call at a time.
    /// </summary>
    [Fact]
    public async Task The_sidecar_itself_serialises_turns_per_actor_id()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var inside = new ConcurrentDictionary<string, int>();
        var maxInside = 0;
        var arrivals = new ConcurrentQueue<string>();
        var gates = new ConcurrentDictionary<string, SemaphoreSlim>();
        await dapr.StartAppAsync(
            "raw-actors",
            _ => { },
            app =>
            {
                app.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "Raw" } }));
                app.MapPut("/actors/Raw/{id}/method/{method}", async (string id) =>
                {
                    var now = inside.AddOrUpdate(id, 1, (_, n) => n + 1);
                    InterlockedMax(ref maxInside, now);
                    arrivals.Enqueue(id);
                    await gates.GetOrAdd(id, _ => new SemaphoreSlim(0)).WaitAsync(ct);
                    inside.AddOrUpdate(id, 0, (_, n) => n - 1);
                    return Results.Ok(id);
                });
            },
            ct);
        var sidecar = await dapr.StartSidecarAsync("caller", ct);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };

        var calls = Enumerable.Range(0, 3).Select(_ => http.PutAsJsonAsync("/v1.0/actors/Raw/same/method/go", new { }, ct)).ToList();
        var other = http.PutAsJsonAsync("/v1.0/actors/Raw/other/method/go", new { }, ct);

        // Both ids get in (parallel across ids); each further call to "same" only once the previous one left.
        await WaitUntilAsync(() => arrivals.Count == 2, ct);
        Assert.Equal(["other", "same"], arrivals.Order());
        gates["other"].Release();
        Assert.Equal(HttpStatusCode.OK, (await other).StatusCode);
        for (var next = 3; next <= 4; next++)
        {
            Assert.Equal(next - 1, arrivals.Count);
            gates["same"].Release();
            await WaitUntilAsync(() => arrivals.Count == next, ct);
        }

        gates["same"].Release();
        var responses = await Task.WhenAll(calls);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, maxInside);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct, Func<string>? describe = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            while (!condition())
            {
                await Task.Delay(10, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("condition not met: " + describe?.Invoke());
        }
    }
}
