using CheckIns.Incidents.Issues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Incidents.Api;

public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/projects/{projectId:long}/incidents")
            .WithTags("Incidents")
            .RequireProjectToken("projectId");

        group.MapGet("/", ListAsync)
            .WithName("ListIncidents")
            .WithSummary("A project's monitor issues, newest incident first")
            .WithDescription("Filter with status=open|resolved and monitor={slug}. A project without issues answers an empty list.");

        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentView>>, ValidationProblem>> ListAsync(
        long projectId,
        [FromQuery] string? status,
        [FromQuery] string? monitor,
        IssueRepository issues,
        CancellationToken cancellationToken)
    {
        if (status is not null and not IssueStatuses.Open and not IssueStatuses.Resolved)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Unknown status \"{status}\"; use \"{IssueStatuses.Open}\" or \"{IssueStatuses.Resolved}\"."],
            });
        }

        var all = await issues.ListAsync(projectId, cancellationToken);
        IReadOnlyList<IncidentView> views =
        [
            .. all
                .Where(i => status is null || i.Status == status)
                .Where(i => monitor is null || string.Equals(i.MonitorSlug, monitor, StringComparison.Ordinal))
                .OrderByDescending(i => i.StartedAt)
                .ThenBy(i => i.Fingerprint, StringComparer.Ordinal)
                .Select(IncidentView.From),
        ];
        return TypedResults.Ok(views);
    }
}
