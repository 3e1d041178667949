using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

internal static class HealthEndpoints
{
    /// <summary><c>/v1.0/healthz</c> and <c>/v1.0/healthz/outbound</c> answer 204 like daprd once it is up.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1.0/healthz", () => Results.NoContent());
        app.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
    }
}
