using CheckIns.Dashboard.Actions;
using CheckIns.Dashboard.Auth;
using CheckIns.Dashboard.Components;
using CheckIns.Dashboard.Reading;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace CheckIns.Dashboard.Extensions;

public static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(DashboardOptions.Section);
        builder.Services.Configure<DashboardOptions>(section);
        if (!builder.Environment.IsDevelopment())
        {
            // The development credential signs anyone in; outside Development it must not exist even if configured.
            builder.Services.PostConfigure<DashboardOptions>(o => o.DevelopmentSignIn = null);
        }

        builder.Services.AddHttpClient(SuiteClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<SuiteClient>();
        builder.Services.AddSingleton<OverviewReader>();
        builder.Services.AddSingleton<MonitorPageReader>();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "checkins-dashboard";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                // Secure everywhere but the local run, which is plain http://localhost.
                options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.LoginPath = "/signin";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context =>
                {
                    // The live refresh asks for fragments: it gets a 401 it can show, not a sign-in page.
                    if (context.Request.Path.StartsWithSegments("/fragments", StringComparison.Ordinal))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddAntiforgery(options =>
        {
            // Not a credential (it only pairs a form with its browser), so it follows the request's scheme: Always would
            // refuse every plain-HTTP request, the TLS-terminating proxy's included.
            options.Cookie.Name = "checkins-dashboard-af";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddRazorComponents();
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.UseAuthentication();
        if (app.Environment.IsDevelopment())
        {
            app.UseMiddleware<DevelopmentSignInMiddleware>();
        }

        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapHealthChecks("/readyz").AllowAnonymous();
        app.MapSessionEndpoints();
        app.MapActionEndpoints();
        app.MapFragmentEndpoints();
        app.MapRazorComponents<App>();
        return app;
    }
}
