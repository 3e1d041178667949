using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckIns.ServiceDefaults.Auth;

/// <summary>
/// Guards a project's routes: the request must carry an auth token of the project named by the route
/// parameter. No token, a malformed or repeated Authorization, or a token no project has is 401; a valid
/// token of another project is 403. Runs before the handler, so a refused request reads, changes and
/// publishes nothing.
/// </summary>
public sealed partial class ProjectTokenFilter(string routeParameter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var refusal = Check(http);
        if (refusal is null)
        {
            return await next(context);
        }

        var logger = http.RequestServices.GetRequiredService<ILogger<ProjectTokenFilter>>();
        LogRefused(logger, http.Request.Method, http.Request.Path, refusal.Value.Status, refusal.Value.Detail);
        http.Response.Headers.WWWAuthenticate = refusal.Value.Challenge;
        return TypedResults.Problem(
            refusal.Value.Detail,
            statusCode: refusal.Value.Status,
            title: refusal.Value.Status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden");
    }

    private (int Status, string Detail, string Challenge)? Check(HttpContext http)
    {
        var routeValue = http.Request.RouteValues[routeParameter] as string;
        if (!long.TryParse(routeValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var projectId))
        {
            throw new InvalidOperationException($"The route has no project id parameter \"{routeParameter}\".");
        }

        var token = BearerToken.Read(http.Request, out var problem);
        if (token is null)
        {
            return (StatusCodes.Status401Unauthorized, problem, Challenge(null));
        }

        return http.RequestServices.GetRequiredService<ProjectTokens>().Verify(token, projectId) switch
        {
            TokenVerdict.Granted => null,
            TokenVerdict.OtherProject => (
                StatusCodes.Status403Forbidden,
                $"The auth token is not a token of project {projectId}.",
                Challenge("insufficient_scope")),
            _ => (StatusCodes.Status401Unauthorized, "The auth token is unknown or revoked.", Challenge("invalid_token")),
        };
    }

    /// <summary>RFC 6750's challenge; the error code only when a token was presented.</summary>
    private static string Challenge(string? error) =>
        error is null ? "Bearer realm=\"checkins\"" : $"Bearer realm=\"checkins\", error=\"{error}\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {StatusCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int statusCode, string reason);
}
