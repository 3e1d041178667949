using System.Globalization;
using CheckIns.Incidents.Issues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Incidents.Api;

public static class IncidentsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/projects/{projectId:long}/incidents")
            .WithTags("Incidents")
            .RequireProjectToken("projectId");

        group.MapGet("/", ListAsync)
            .WithName("ListIncidents")
            .WithSummary("Every incident of a project's monitor issues, newest first, paged")
            .WithDescription(
                "Filter with status=open|resolved and monitor={slug}. Page with limit (1-1000, default 100) and the cursor of the " +
                "Link header's rel=\"next\" entry, as Sentry's API pages. A project without issues answers an empty list.");

        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentView>>, ValidationProblem>> ListAsync(
        long projectId,
        [FromQuery] string? status,
        [FromQuery] string? monitor,
        [FromQuery] string? cursor,
        [FromQuery] int? limit,
        HttpContext http,
        IssueRepository issues,
        CancellationToken cancellationToken)
    {
        if (status is not null and not IssueStatuses.Open and not IssueStatuses.Resolved)
        {
            return Invalid("status", $"Unknown status \"{status}\"; use \"{IssueStatuses.Open}\" or \"{IssueStatuses.Resolved}\".");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Invalid("limit", $"The limit must be between 1 and {MaxLimit}.");
        }

        if (!PageCursor.TryParse(cursor, out var offset))
        {
            return Invalid("cursor", $"\"{cursor}\" is not a cursor of this list; use the one in the Link header.");
        }

        var pageSize = limit ?? DefaultLimit;
        var all = await issues.ListAsync(projectId, cancellationToken);
        var matching = all
            .Where(i => monitor is null || string.Equals(i.MonitorSlug, monitor, StringComparison.Ordinal))
            .SelectMany(IncidentView.AllOf)
            .Where(i => status is null || i.Status == status)
            .OrderByDescending(i => i.StartedAt)
            .ThenBy(i => i.Fingerprint, StringComparer.Ordinal)
            .ThenBy(i => i.IncidentId, StringComparer.Ordinal)
            .ToList();

        IReadOnlyList<IncidentView> page = [.. matching.Skip(offset).Take(pageSize)];
        http.Response.Headers.Link = PageCursor.LinkHeader(http.Request, offset, pageSize, matching.Count);
        return TypedResults.Ok(page);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Sentry-style paging: a cursor <c>"0:{offset}:{is_prev}"</c> and a <c>Link</c> header with a previous and a next
/// entry, each saying whether it has results. The cursor is an offset into the sorted list, so a page read while
/// incidents are added may repeat or skip a row at its edge; the list is bounded per issue, so offsets stay small.
/// </summary>
internal static class PageCursor
{
    public static bool TryParse(string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        var parts = cursor.Split(':');
        return parts.Length == 3
            && parts[0] == "0"
            && parts[2] is "0" or "1"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    public static string Format(int offset, bool previous) =>
        string.Create(CultureInfo.InvariantCulture, $"0:{offset}:{(previous ? 1 : 0)}");

    public static string LinkHeader(HttpRequest request, int offset, int limit, int total)
    {
        var previousOffset = Math.Max(0, offset - limit);
        var nextOffset = offset + limit;
        return string.Join(", ",
            Entry(request, "previous", Format(previousOffset, previous: true), offset > 0),
            Entry(request, "next", Format(nextOffset, previous: false), nextOffset < total));
    }

    private static string Entry(HttpRequest request, string rel, string cursor, bool results)
    {
        var query = request.Query
            .Where(q => q.Key is not "cursor")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"cursor={Uri.EscapeDataString(cursor)}");
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
        return $"<{url}>; rel=\"{rel}\"; results=\"{(results ? "true" : "false")}\"; cursor=\"{cursor}\"";
    }
}
