using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Clock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Apis;

/// <summary>
/// Read and edit monitors. Every read goes through the monitor's actor, so it sees the state of the last
/// committed turn and never a turn half done; the one exception is the listing's summary view, read from the
/// project index so that a large project's overview costs one actor call.
/// </summary>
public static class MonitorsApi
{
    /// <summary><c>?view=summary</c>: the overview entries from the project index alone (see <see cref="MonitorOverviewReader"/>).</summary>
    public const string SummaryView = "summary";

    public static RouteGroupBuilder MapMonitorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/projects/{project_id:long}/monitors")
            .WithTags("Monitors")
            .RequireProjectToken("project_id");
        group.MapGet("", ListAsync).WithName("ListMonitors");
        group.MapGet("/{slug}", GetAsync).WithName("GetMonitor");
        group.MapPut("/{slug}", PutAsync).WithName("PutMonitor");
        group.MapPut("/{slug}/environments/{environment}", EnvironmentApi.PutAsync).WithName("PutMonitorEnvironment");
        return group;
    }

    private static async Task<Results<Ok<List<MonitorSummaryView>>, Ok<List<MonitorOverviewEntry>>, ValidationProblem>> ListAsync(
        [FromRoute(Name = "project_id")] long projectId,
        [FromQuery(Name = "view")] string? view,
        IProjectIndex index,
        IMonitorActors monitors,
        IOptions<ProcessorOptions> options,
        CancellationToken cancellationToken)
    {
        if (view is not null && view != SummaryView)
        {
            return Invalid("view", $"Unknown view \"{view}\": leave it out for the full listing, or ask for \"{SummaryView}\".");
        }

        if (view == SummaryView)
        {
            return TypedResults.Ok(await MonitorOverviewReader.ReadAsync(projectId, index, monitors, options.Value, cancellationToken));
        }

        var slugs = await index.ListAsync(projectId, cancellationToken);
        var states = new MonitorState?[slugs.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, slugs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrentReads), CancellationToken = cancellationToken },
            async (i, ct) => states[i] = await monitors.GetAsync(MonitorKeys.Of(projectId, slugs[i]), ct));

        return TypedResults.Ok(states
            .Where(s => s?.Monitor is not null)
            .Select(s => MonitorViewMapper.ToSummary(s!, s!.Monitor!))
            .ToList());
    }

    private static async Task<Results<Ok<MonitorView>, ProblemHttpResult>> GetAsync(
        [FromRoute(Name = "project_id")] long projectId,
        [FromRoute(Name = "slug")] string slugInPath,
        IMonitorActors monitors,
        ICheckInWorkflowReader workflows,
        IStreamClock clock,
        TimeProvider time,
        IOptions<ProcessorOptions> options,
        CancellationToken cancellationToken)
    {
        var slug = Slugs.Normalize(slugInPath);
        var state = await monitors.GetAsync(MonitorKeys.Of(projectId, slug), cancellationToken);
        if (state?.Monitor is not { } monitor)
        {
            return NotFound(projectId, slug, state);
        }

        var clockRead = ReadClockAsync(clock, time, cancellationToken);
        var view = await CheckInWorkflowViews.ReadAsync(MonitorViewMapper.ToView(state, monitor), workflows, options.Value, cancellationToken);
        return TypedResults.Ok(view with { StreamClock = await clockRead });
    }

    /// <summary>The clock for the monitor read; a clock that cannot be read leaves it out rather than failing the read.</summary>
    private static async Task<StreamClockSummaryView?> ReadClockAsync(IStreamClock clock, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!clock.Enabled)
        {
            return null;
        }

        try
        {
            var full = StreamClockView.Of(true, await clock.ReadAsync(cancellationToken), time.GetUtcNow());
            return new StreamClockSummaryView(full.Clock, full.LagSeconds, full.Waiting);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<Results<Ok<MonitorView>, Created<MonitorView>, ValidationProblem>> PutAsync(
        [FromRoute(Name = "project_id")] long projectId,
        [FromRoute(Name = "slug")] string slugInPath,
        HttpRequest request,
        IMonitorActors monitors,
        CancellationToken cancellationToken)
    {
        var slug = Slugs.Normalize(slugInPath);
        if (slug.Length == 0)
        {
            return Invalid("slug", "The slug must contain at least one letter, digit, hyphen or underscore.");
        }

        var (body, bodyError) = await ReadBodyAsync<MonitorUpsertBody>(request, cancellationToken);
        if (body is null)
        {
            return Invalid("body", bodyError!);
        }

        var command = new MonitorConfigRequest
        {
            ProjectId = projectId,
            OrganizationId = body.OrganizationId,
            Slug = slug,
            Config = body.Config,
            Name = body.Name,
            Owner = body.Owner,
            IsMuted = body.IsMuted,
            Status = body.Status,
        };

        var reply = await monitors.ConfigureAsync(MonitorKeys.Of(projectId, slug), command, cancellationToken);
        if (reply.Error is { } error)
        {
            return TypedResults.ValidationProblem(ErrorsByField(error), title: MonitorViewMapper.ErrorName(error.Type));
        }

        if (reply.State?.Monitor is not { } monitor)
        {
            // Configure without a config on a monitor that does not exist: the engine refuses with an error,
            // so this is a broken reply rather than a user mistake.
            throw new InvalidOperationException($"Monitor {slug} answered a configure turn without a monitor.");
        }

        var view = MonitorViewMapper.ToView(reply.State, monitor);
        return reply.Created
            ? TypedResults.Created($"/v1/projects/{projectId}/monitors/{slug}", view)
            : TypedResults.Ok(view);
    }

    internal static async Task<(T? Body, string? Error)> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, "The body must be JSON (Content-Type: application/json).");
        }

        try
        {
            var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken);
            return body is null ? (null, "The body must be a JSON object.") : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid: {ex.Message}");
        }
    }

    internal static Dictionary<string, string[]> ErrorsByField(ProcessingError error)
    {
        if (error.Errors is { Count: > 0 } errors)
        {
            return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        }

        var field = error.Type switch
        {
            ProcessingErrorType.MonitorInvalidOwner => "owner",
            ProcessingErrorType.MonitorNotFound => "config",
            ProcessingErrorType.MonitorInvalidConfig => "config",
            _ => "monitor",
        };
        return new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [field] = [error.Reason ?? MonitorViewMapper.ErrorName(error.Type)],
        };
    }

    internal static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static ProblemHttpResult NotFound(long projectId, string slug, MonitorState? state)
    {
        // Every refused check-in of the project, this slug's among them, is listed there (SEMANTICS R105).
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["project_processing_errors"] = $"/v1/projects/{projectId}/processing-errors",
        };
        if (state is { ProcessingErrors.Count: > 0 })
        {
            // Check-ins that named this slug but could not create it (e.g. no monitor_config) left errors a user needs to see.
            extensions["processing_errors"] = state.ProcessingErrors.Reverse().Select(MonitorViewMapper.ToView).ToList();
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Monitor not found",
            detail: $"Project {projectId} has no monitor \"{slug}\".",
            extensions: extensions);
    }
}

/// <summary>The PUT body: every member optional on edit; creating a monitor needs <see cref="Config"/>.</summary>
public sealed record MonitorUpsertBody
{
    public string? Name { get; init; }

    /// <summary>The monitor_config shape: schedule, schedule_type, checkin_margin, max_runtime, timezone, thresholds.</summary>
    public JsonElement? Config { get; init; }

    public string? Owner { get; init; }

    public bool? IsMuted { get; init; }

    /// <summary>"active" or "disabled".</summary>
    public string? Status { get; init; }

    public long? OrganizationId { get; init; }
}
