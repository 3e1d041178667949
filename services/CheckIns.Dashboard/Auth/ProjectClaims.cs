using System.Globalization;
using System.Security.Claims;
using CheckIns.Dashboard.Reading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CheckIns.Dashboard.Auth;

/// <summary>
/// The signed-in project travels in the authentication cookie (encrypted and signed by ASP.NET Core's data
/// protection, HTTP-only): its id and the token the dashboard calls the processor and incidents with.
/// </summary>
public static class ProjectClaims
{
    public const string ProjectId = "project_id";
    public const string Token = "project_token";

    public static ClaimsPrincipal Principal(ProjectSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, string.Create(CultureInfo.InvariantCulture, $"project {session.ProjectId}")),
                new Claim(ProjectId, session.ProjectId.ToString(CultureInfo.InvariantCulture)),
                new Claim(Token, session.Token),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The session of a signed-in user; every page and action requires one (the fallback policy).</summary>
    public static ProjectSession Session(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ProjectId);
        var token = user.FindFirstValue(Token);
        if (id is null || token is null || !long.TryParse(id, CultureInfo.InvariantCulture, out var projectId))
        {
            throw new InvalidOperationException("The request is not signed in to a project.");
        }

        return new ProjectSession(projectId, token);
    }

    public static Task SignInAsync(HttpContext context, ProjectSession session) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(session));
}
