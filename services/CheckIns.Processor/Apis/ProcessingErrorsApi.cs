using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using CheckIns.Processor.ProcessingErrors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Apis;

/// <summary>
/// A project's processing errors: what processing refused or warned about in check-ins that ingest accepted. Both
/// groups of SEMANTICS R105 in one list: the project's own (check-ins for a monitor that does not exist) and every
/// monitor's, newest first; each group bounded as R105 says, the list by <see cref="ProcessorOptions.ProcessingErrorsListed"/>.
/// </summary>
public static class ProcessingErrorsApi
{
    public const string ProjectGroup = "project";
    public const string MonitorGroup = "monitor";

    private const string DefaultEnvironment = "production";

    public static RouteGroupBuilder MapProcessingErrorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/projects/{project_id:long}/processing-errors")
            .WithTags("Processing errors")
            .RequireProjectToken("project_id");
        group.MapGet("", ListAsync)
            .WithName("ListProcessingErrors")
            .WithSummary("List the project's recent processing errors, newest first.")
            .WithDescription(
                "Ingest accepts a check-in when its form is right; processing judges it. A check-in that processing refused "
                + "(an unknown monitor without monitor_config, an invalid status, a rate limit, …) or applied with a warning "
                + "is listed here with its errors (SEMANTICS R7 codes and names) and the check-in as it was sent. "
                + "`group` is `project` for check-ins whose monitor does not exist and `monitor` for the errors a monitor "
                + "also shows on `GET /v1/projects/{id}/monitors/{slug}` (`monitor_url`). Each group keeps its 10 most recent "
                + "errors for 7 days. `?group=project` lists the project's group alone, without reading every monitor.");
        return group;
    }

    private static async Task<Results<Ok<List<ProjectProcessingErrorView>>, ValidationProblem>> ListAsync(
        [FromRoute(Name = "project_id")] long projectId,
        [FromQuery(Name = "group")] string? onlyGroup,
        IProjectErrors projectErrors,
        IProjectIndex index,
        IMonitorActors monitors,
        EngineOptions engine,
        TimeProvider time,
        IOptions<ProcessorOptions> options,
        CancellationToken cancellationToken)
    {
        if (onlyGroup is not null && onlyGroup != ProjectGroup)
        {
            return MonitorsApi.Invalid("group", $"Unknown group \"{onlyGroup}\": leave it out for both groups, or ask for \"{ProjectGroup}\" (a monitor's own errors are on its page).");
        }

        var ownRead = projectErrors.ListAsync(projectId, cancellationToken);
        // group=project: the project's own store alone, one actor call (the dashboard's overview); both groups read every monitor.
        var slugsRead = onlyGroup == ProjectGroup ? Task.FromResult<IReadOnlyList<string>>([]) : index.ListAsync(projectId, cancellationToken);
        await Task.WhenAll(ownRead, slugsRead);
        var (own, slugs) = (await ownRead, await slugsRead);
        var states = new MonitorState?[slugs.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, slugs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrentReads), CancellationToken = cancellationToken },
            async (i, ct) => states[i] = await monitors.GetAsync(MonitorKeys.Of(projectId, slugs[i]), ct));

        // Each source is oldest first with ties in arrival order: reversed, a stable sort keeps the newest first.
        var views = new List<ProjectProcessingErrorView>();
        foreach (var entry in own.Reverse())
        {
            views.Add(ToView(entry.Record, ProjectGroup, entry.MonitorSlug, entry.Environment, monitorUrl: null));
        }

        foreach (var state in states)
        {
            if (state?.Monitor is null)
            {
                continue;
            }

            var url = $"/v1/projects/{projectId}/monitors/{state.Slug}";
            foreach (var record in state.ProcessingErrors.Reverse())
            {
                views.Add(ToView(record, MonitorGroup, state.Slug, environment: null, url));
            }
        }

        // A check-in refused before its monitor existed stays on the slug's state too: the project's entry is the one shown.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cutoff = time.GetUtcNow() - engine.ProcessingErrorLifetime;
        return TypedResults.Ok(views
            .Where(v => v.ReceivedAt >= cutoff && seen.Add(v.Id))
            .OrderByDescending(v => v.ReceivedAt)
            .Take(Math.Max(1, options.Value.ProcessingErrorsListed))
            .ToList());
    }

    private static ProjectProcessingErrorView ToView(ProcessingErrorRecord record, string group, string slug, string? environment, string? monitorUrl)
    {
        var error = MonitorViewMapper.ToView(record);
        return new ProjectProcessingErrorView(
            error.Id,
            error.MessageId,
            error.ReceivedAt,
            group,
            slug,
            environment ?? EnvironmentOf(record.Payload),
            StringOf(record.Payload, "check_in_id"),
            error.Errors,
            error.Payload,
            monitorUrl);
    }

    /// <summary>The environment the check-in named: its string <c>environment</c>, else the default one (R19).</summary>
    private static string? EnvironmentOf(JsonElement? payload) =>
        payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("environment", out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => DefaultEnvironment,
                _ => null,
            }
            : DefaultEnvironment;

    private static string? StringOf(JsonElement? payload, string name) =>
        payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
