using CheckIns.Dashboard.Reading;
using Microsoft.Extensions.Options;

namespace CheckIns.Dashboard.Auth;

/// <summary>
/// In Development only: a request that is not signed in is signed in with the documented development credential
/// (Dashboard:DevelopmentSignIn), so that opening the local run's page is enough. Everywhere else the sign-in form
/// is the only way in.
/// </summary>
public sealed class DevelopmentSignInMiddleware(RequestDelegate next, IOptions<DashboardOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true
            && options.Value.DevelopmentSignIn is { ProjectId: > 0, Token.Length: > 0 } credential)
        {
            var session = new ProjectSession(credential.ProjectId, credential.Token);
            await ProjectClaims.SignInAsync(context, session);
            context.User = ProjectClaims.Principal(session);
        }

        await next(context);
    }
}
