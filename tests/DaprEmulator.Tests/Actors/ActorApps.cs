using Dapr.Actors;
using Dapr.Actors.Client;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprEmulator.Tests.Actors;

public static class ActorApps
{
    /// <summary>An app hosting <see cref="CounterActor"/> with Dapr.Actors.AspNetCore.</summary>
    public static Task<DaprTestApp> StartCounterAppAsync(DaprTestEnvironment dapr, ActorProbe probe, string appId = "counter-app", TimeSpan? idleTimeout = null) =>
        dapr.StartAppAsync(
            appId,
            b =>
            {
                b.Services.AddSingleton(probe);
                b.Services.AddActors(o =>
                {
                    o.Actors.RegisterActor<CounterActor>();
                    if (idleTimeout is { } idle)
                    {
                        o.ActorIdleTimeout = idle;
                    }
                });
            },
            app => app.MapActorsHandlers(),
            TestContext.Current.CancellationToken);

    /// <summary>A remoting proxy that calls through the sidecar of <paramref name="callerAppId"/> (an app with no code).</summary>
    public static async Task<ICounterActor> ProxyAsync(DaprTestEnvironment dapr, string actorId, string callerAppId = "caller")
    {
        var sidecar = await dapr.StartSidecarAsync(callerAppId, TestContext.Current.CancellationToken);
        return ActorProxy.Create<ICounterActor>(new ActorId(actorId), nameof(CounterActor), new ActorProxyOptions { HttpEndpoint = sidecar.HttpEndpoint });
    }
}
