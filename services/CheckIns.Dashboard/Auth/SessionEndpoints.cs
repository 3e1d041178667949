using CheckIns.Dashboard.Reading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CheckIns.Dashboard.Auth;

/// <summary>
/// <c>POST /session</c> signs in with a project id and token, once the processor accepts that token for that
/// project; <c>POST /session/end</c> signs out. Both are HTML form posts with an antiforgery token.
/// </summary>
public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/session", SignInAsync).AllowAnonymous();
        app.MapPost("/session/end", SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(
        [FromForm(Name = "project_id")] string? projectId,
        [FromForm(Name = "token")] string? token,
        HttpContext context,
        SuiteClient suite,
        CancellationToken ct)
    {
        if (!long.TryParse(projectId, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0 || string.IsNullOrWhiteSpace(token))
        {
            return Back("incomplete");
        }

        var session = new ProjectSession(id, token.Trim());
        try
        {
            if (!await suite.AcceptsAsync(session, ct))
            {
                return Back("refused");
            }
        }
        catch (AppUnavailableException)
        {
            return Back("down");
        }

        await ProjectClaims.SignInAsync(context, session);
        return TypedResults.Redirect("/", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, [FromForm(Name = "confirm")] string? confirm)
    {
        _ = confirm;
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Back("signed-out");
    }

    private static RedirectHttpResult Back(string reason) => TypedResults.Redirect($"/signin?reason={reason}");
}
