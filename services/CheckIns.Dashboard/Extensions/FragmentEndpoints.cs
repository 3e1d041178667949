using CheckIns.Dashboard.Auth;
using CheckIns.Dashboard.Components.Parts;
using CheckIns.Dashboard.Reading;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Dashboard.Extensions;

/// <summary>
/// The parts of the pages that the live refresh asks for again every few seconds: the same components the pages
/// render, as HTML, so the script only swaps them in.
/// </summary>
public static class FragmentEndpoints
{
    public static void MapFragmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fragments/overview", async (HttpContext context, OverviewReader reader) =>
        {
            var query = OverviewQuery.From(context.Request.Query);
            var model = await reader.ReadAsync(context.User.Session(), query, context.RequestAborted);
            return NoStore(context, new RazorComponentResult<OverviewBody>(new { Model = model, Query = query }));
        });
        app.MapGet("/fragments/monitors/{slug}", async (string slug, HttpContext context, MonitorPageReader reader, IAntiforgery antiforgery) =>
        {
            var token = Tokens.For(antiforgery, context);
            var model = await reader.ReadAsync(context.User.Session(), slug, context.RequestAborted);
            return NoStore(context, new RazorComponentResult<MonitorBody>(new { Model = model, Slug = slug, Token = token }));
        });
    }

    private static RazorComponentResult NoStore(HttpContext context, RazorComponentResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }
}
