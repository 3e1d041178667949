using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CheckIns.ServiceDefaults;

/// <summary>Endpoint metadata: a successful answer of this endpoint is logged at Debug (a route that serves at volume).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class QuietRequestLogAttribute : Attribute;

/// <summary>
/// One line per request, written when the answer is known: Information, except Debug for the sidecar's
/// <c>/dapr/*</c> polls, the health probes and successful answers of endpoints marked
/// <see cref="QuietRequestLogAttribute"/>; Warning for a 5xx. ASP.NET Core's own request lines are turned down
/// to Warning in <c>AddServiceDefaults</c> (unless configured), so that this is the only one.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The category of the request lines; set <c>Logging:LogLevel:CheckIns.Requests</c> to change their level.</summary>
    public const string Category = "CheckIns.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var level = LevelOf(context, status);
            if (_logger.IsEnabled(level))
            {
                var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(_logger, level, context.Request.Method, context.Request.Path, status, elapsed);
            }
        }
    }

    public static LogLevel LevelOf(HttpContext context, int status)
    {
        if (status >= StatusCodes.Status500InternalServerError)
        {
            return LogLevel.Warning;
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/dapr", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.LivenessPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.ReadinessPath, StringComparison.OrdinalIgnoreCase))
        {
            return LogLevel.Debug;
        }

        var quiet = context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLogAttribute>() is not null;
        return quiet && status < StatusCodes.Status400BadRequest ? LogLevel.Debug : LogLevel.Information;
    }

    [LoggerMessage(Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs} ms")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string path, int statusCode, long elapsedMs);
}

/// <summary>Marks endpoints whose successful answers are logged at Debug.</summary>
public static class RequestLogEndpointExtensions
{
    public static TBuilder WithQuietRequestLog<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QuietRequestLogAttribute());
}
