using CheckIns.Dashboard.Auth;
using CheckIns.Dashboard.Reading;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Dashboard.Actions;

/// <summary>
/// Mute / unmute and disable / enable, of a monitor or of one of its environments: HTML form posts (antiforgery
/// checked) that the dashboard turns into the processor's PUTs with the signed-in project's token, then sends the
/// browser back to the page it came from.
/// </summary>
public static class ActionEndpoints
{
    public static void MapActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/monitors/{slug}/mute", MuteAsync);
        app.MapPost("/monitors/{slug}/status", StatusAsync);
    }

    private static Task<IResult> MuteAsync(
        string slug,
        [FromForm(Name = "muted")] string? muted,
        [FromForm(Name = "environment")] string? environment,
        [FromForm(Name = "return")] string? returnUrl,
        HttpContext context,
        SuiteClient suite,
        CancellationToken ct) =>
        muted is "true" or "false"
            ? ApplyAsync(context, suite, slug, environment, returnUrl, new MuteChange(muted == "true"), ct)
            : Task.FromResult<IResult>(TypedResults.BadRequest("muted must be true or false."));

    private static Task<IResult> StatusAsync(
        string slug,
        [FromForm(Name = "status")] string? status,
        [FromForm(Name = "environment")] string? environment,
        [FromForm(Name = "return")] string? returnUrl,
        HttpContext context,
        SuiteClient suite,
        CancellationToken ct) =>
        status is "active" or "disabled"
            ? ApplyAsync(context, suite, slug, environment, returnUrl, new StatusChange(status), ct)
            : Task.FromResult<IResult>(TypedResults.BadRequest("status must be active or disabled."));

    private static async Task<IResult> ApplyAsync(
        HttpContext context, SuiteClient suite, string slug, string? environment, string? returnUrl, object change, CancellationToken ct)
    {
        var session = context.User.Session();
        var back = IsLocal(returnUrl) ? returnUrl! : $"/monitors/{Uri.EscapeDataString(slug)}";
        bool applied;
        try
        {
            applied = string.IsNullOrEmpty(environment)
                ? await suite.PutMonitorAsync(session, slug, change, ct)
                : await suite.PutEnvironmentAsync(session, slug, environment, change, ct);
        }
        catch (AppUnavailableException)
        {
            return TypedResults.Redirect(WithNotice(back, "down"));
        }

        return TypedResults.Redirect(WithNotice(back, applied ? "applied" : "gone"));
    }

    /// <summary>Only a path of this site: a form cannot send the browser elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>The page to go back to, with this action's notice in place of an earlier one.</summary>
    private static string WithNotice(string url, string notice)
    {
        var path = url.Split('#')[0];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var kept = query < 0
            ? []
            : path[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("notice=", StringComparison.Ordinal)).ToList();
        kept.Add("notice=" + notice);
        return (query < 0 ? path : path[..query]) + "?" + string.Join('&', kept);
    }

    private sealed record MuteChange(bool IsMuted);

    private sealed record StatusChange(string Status);
}
