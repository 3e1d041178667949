using CheckIns.Processor.Clock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Processor.Apis;

/// <summary>
/// The stream clock as a project's token holder sees it: how far behind the wall clock the processor's view of the
/// check-in stream is, so that "why is my monitor not marked missed yet" has an answer (SEMANTICS R87). The clock is
/// the cluster's, not the project's; the route sits under the project for its authentication only.
/// </summary>
public static class StreamClockApi
{
    public static RouteGroupBuilder MapStreamClockApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/projects/{project_id:long}/stream-clock")
            .WithTags("Stream clock")
            .RequireProjectToken("project_id");
        group.MapGet("", ReadAsync)
            .WithName("GetStreamClock")
            .WithSummary("The stream clock: the ingest time up to which every accepted check-in was processed, and its lag.")
            .WithDescription(
                "Missed and timeout decisions wait until `clock` has passed their deadline. `lag_seconds` is how far the "
                + "clock is behind `now`; while it grows (ingest down, the processor behind), decisions wait. `partitions` "
                + "lists each partition's clock (the slowest decides) and `waiting` the decisions held back.");
        return group;
    }

    private static async Task<Ok<StreamClockView>> ReadAsync(
        [FromRoute(Name = "project_id")] long projectId,
        IStreamClock clock,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        _ = projectId;
        var snapshot = await clock.ReadAsync(cancellationToken);
        return TypedResults.Ok(StreamClockView.Of(clock.Enabled, snapshot, time.GetUtcNow()));
    }
}
