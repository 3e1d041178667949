using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Processor.Apis;

/// <summary>
/// <c>GET /v1/ping-uuids/{uuid}</c>: which monitor environment a Healthchecks ping UUID names. Ingest calls it by
/// service invocation to route <c>/ping/{uuid}</c>. No project token: as in Healthchecks, the UUID is the credential,
/// and the answer names only what the UUID's holder pings anyway. The index entry is confirmed against the monitor's
/// own state, so a replaced UUID, or one of a turn that did not commit, is 404.
/// </summary>
public static class PingUuidsApi
{
    public static IEndpointRouteBuilder MapPingUuidsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/ping-uuids/{uuid:guid}", FindAsync)
            .WithTags("Ping UUIDs")
            .WithName("FindPingUuid")
            .WithSummary("The monitor environment of a Healthchecks ping UUID.")
            .WithDescription("Used by ingest for `/ping/{uuid}`. 404 when no environment has this UUID now.");
        return app;
    }

    public static async Task<Results<Ok<PingTargetView>, NotFound>> FindAsync(
        Guid uuid, IPingUuidIndex index, IMonitorActors monitors, CancellationToken cancellationToken)
    {
        if (await index.FindAsync(uuid, cancellationToken) is not { } target)
        {
            return TypedResults.NotFound();
        }

        var state = await monitors.GetAsync(MonitorKeys.Of(target.ProjectId, target.Slug), cancellationToken);
        var environment = state?.Monitor is null ? null : state.FindEnvironment(target.Environment);
        return environment?.PingUuid == uuid
            ? TypedResults.Ok(new PingTargetView(target.ProjectId, target.Slug, environment.Name, environment.PingMethods))
            : TypedResults.NotFound();
    }
}

/// <summary>Where a ping UUID's pings go, and which methods count (Healthchecks' <c>methods</c>).</summary>
public sealed record PingTargetView(long ProjectId, string MonitorSlug, string Environment, string PingMethods);
