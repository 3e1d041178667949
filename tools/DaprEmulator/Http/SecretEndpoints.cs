using DaprEmulator.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

/// <summary>The HTTP secrets API (<c>/v1.0/secrets/…</c>); the .NET SDK itself uses gRPC for secrets.</summary>
internal static class SecretEndpoints
{
    public static void MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        // The literal segment wins over {key}, so, as with daprd, a secret named "bulk" cannot be read alone over HTTP.
        app.MapGet("/v1.0/secrets/{store}/bulk", (DaprSidecar sidecar, string store) => Results.Json(sidecar.SecretStores.GetBulkSecret(store)));
        app.MapGet("/v1.0/secrets/{store}/{key}", (DaprSidecar sidecar, string store, string key) => Results.Json(sidecar.SecretStores.GetSecret(store, key)));
    }
}
