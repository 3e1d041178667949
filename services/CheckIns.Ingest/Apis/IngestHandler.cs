using CheckIns.Contracts;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;
using CheckIns.Ingest.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Apis;

/// <summary>What every ingest route needs: parse, authenticate, publish, and turn failures into answers.</summary>
public sealed partial class IngestHandler(
    CheckInParser parser,
    ICheckInPublisher publisher,
    SentryAuthenticator authenticator,
    ProjectDirectory projects,
    NativeAuthenticator nativeAuthenticator,
    IOptionsMonitor<IngestOptions> options,
    ILogger<IngestHandler> logger)
{
    public CheckInParser Parser => parser;

    public SentryAuthenticator Authenticator => authenticator;

    public ProjectDirectory Projects => projects;

    public NativeAuthenticator NativeAuthenticator => nativeAuthenticator;

    public IngestOptions Options => options.CurrentValue;

    public Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken) =>
        messages.Count == 0 ? Task.CompletedTask : publisher.PublishAsync(messages, cancellationToken);

    /// <summary>
    /// Runs a route's work and maps its failures: a refused request to a problem with its status,
    /// a failed publish to 503 with <c>Retry-After</c> (never a 2xx for what was not published).
    /// </summary>
    public async Task<Results<TResult, ProblemHttpResult>> RunAsync<TResult>(HttpContext http, Func<Task<TResult>> work)
        where TResult : IResult
    {
        try
        {
            return await work();
        }
        catch (IngestRejectedException rejection)
        {
            LogRejected(logger, http.Request.Method, http.Request.Path, rejection.StatusCode, rejection.Message);
            return Problem(rejection);
        }
        catch (CheckInPublishException e)
        {
            LogUnavailable(logger, e, http.Request.Path);
            http.Response.Headers.RetryAfter = Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                "The check-ins could not be queued; nothing was accepted. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service unavailable");
        }
    }

    public void LogRejection(HttpContext http, IngestRejectedException rejection) =>
        LogRejected(logger, http.Request.Method, http.Request.Path, rejection.StatusCode, rejection.Message);

    public void LogPublishFailure(HttpContext http, CheckInPublishException exception) =>
        LogUnavailable(logger, exception, http.Request.Path);

    /// <summary>A 503 for a publish or a lookup that failed.</summary>
    public void LogUnavailable(HttpContext http, Exception exception) =>
        LogUnavailable(logger, exception, http.Request.Path);

    private static ProblemHttpResult Problem(IngestRejectedException rejection)
    {
        var extensions = rejection.Field is null
            ? null
            : new Dictionary<string, object?>
            {
                ["field"] = rejection.Field,
                ["errors"] = new Dictionary<string, string[]> { [rejection.Field] = [rejection.Message] },
            };
        return TypedResults.Problem(rejection.Message, statusCode: rejection.StatusCode, extensions: extensions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {StatusCode} {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 to {Path}: publishing or a lookup failed")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}
