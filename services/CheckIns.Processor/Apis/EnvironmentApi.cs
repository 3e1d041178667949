using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Processor.Actors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Processor.Apis;

/// <summary>
/// <c>PUT /v1/projects/{project_id}/monitors/{slug}/environments/{environment}</c>: mute or disable one monitor
/// environment (SEMANTICS D16, R2), replace its Healthchecks ping UUID or set its ping methods, through the
/// monitor's actor, in the monitor routes' group.
/// </summary>
public static class EnvironmentApi
{
    public static async Task<Results<Ok<EnvironmentView>, Created<EnvironmentView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [FromRoute(Name = "project_id")] long projectId,
        [FromRoute(Name = "slug")] string slugInPath,
        [FromRoute(Name = "environment")] string environment,
        HttpRequest request,
        IMonitorActors monitors,
        CancellationToken cancellationToken)
    {
        var slug = Slugs.Normalize(slugInPath);
        var (body, bodyError) = await MonitorsApi.ReadBodyAsync<EnvironmentBody>(request, cancellationToken);
        if (body is null)
        {
            return MonitorsApi.Invalid("body", bodyError!);
        }

        var command = new EnvironmentConfigRequest
        {
            ProjectId = projectId,
            Slug = slug,
            Environment = environment,
            IsMuted = body.IsMuted,
            Status = body.Status,
            Create = body.Create == true,
            PingUuid = body.PingUuid,
            PingMethods = body.PingMethods,
        };
        var reply = await monitors.ConfigureEnvironmentAsync(MonitorKeys.Of(projectId, slug), command, cancellationToken);
        switch (reply.Error)
        {
            case { Type: ProcessingErrorType.MonitorNotFound }:
                return NotFound($"Project {projectId} has no monitor \"{slug}\".");
            case { Type: ProcessingErrorType.MonitorInvalidEnvironment }:
                return NotFound($"Monitor \"{slug}\" has no environment \"{environment}\".");
            case { } error:
                return TypedResults.ValidationProblem(MonitorsApi.ErrorsByField(error), title: MonitorViewMapper.ErrorName(error.Type));
        }

        var monitor = reply.State?.Monitor ?? throw new InvalidOperationException($"Monitor {slug} answered an environment turn without a monitor.");
        var updated = reply.State.FindEnvironment(environment)
            ?? throw new InvalidOperationException($"Monitor {slug} answered an environment turn without environment {environment}.");
        var view = MonitorViewMapper.ToView(updated, monitor);
        return reply.Created
            ? TypedResults.Created($"/v1/projects/{projectId}/monitors/{slug}/environments/{Uri.EscapeDataString(updated.Name)}", view)
            : TypedResults.Ok(view);
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}

/// <summary>The environment PUT body; every member optional.</summary>
public sealed record EnvironmentBody
{
    /// <summary>Mute or unmute this environment (D16).</summary>
    public bool? IsMuted { get; init; }

    /// <summary>"active" or "disabled".</summary>
    public string? Status { get; init; }

    /// <summary>True: create the environment (201) when the monitor has none of that name, so its ping UUID exists before a ping.</summary>
    public bool? Create { get; init; }

    /// <summary>A new Healthchecks ping UUID; <c>/ping/{old}</c> answers 404 from then on.</summary>
    public Guid? PingUuid { get; init; }

    /// <summary>Healthchecks' <c>methods</c>: "" (HEAD, GET and POST count) or "POST" (HEAD and GET pings are ignored).</summary>
    public string? PingMethods { get; init; }
}
