using DaprEmulator.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

internal static class MetadataEndpoints
{
    public static void MapMetadataEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1.0/metadata", (DaprSidecar sidecar) => Results.Json(new
        {
            id = sidecar.AppId,
            runtimeVersion = "emulator",
            components = sidecar.Resources.Components.Select(c => new { name = c.Name, type = c.Type, version = c.Version }),
            subscriptions = (sidecar.App?.Subscriptions ?? []).Select(s => new { pubsubname = s.PubsubName, topic = s.Topic, deadLetterTopic = s.DeadLetterTopic }),
            actors = (sidecar.App?.ActorTypes ?? []).Select(t => new { type = t, count = sidecar.Cluster.Actors.ActiveActors.Count(a => a.Type == t) }),
        }));
    }
}
