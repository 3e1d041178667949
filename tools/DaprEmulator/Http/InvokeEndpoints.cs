using DaprEmulator.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

/// <summary>Service invocation: <c>/v1.0/invoke/{app-id}/method/{method}</c>, any verb, forwarded to the target app.</summary>
internal static class InvokeEndpoints
{
    public static void MapInvokeEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/v1.0/invoke/{appId}/method/{**method}", (HttpContext context, DaprSidecar sidecar, string appId, string? method) =>
            ForwardAsync(context, sidecar, appId, "/" + (method ?? string.Empty) + context.Request.QueryString));
    }

    public static async Task ForwardAsync(HttpContext context, DaprSidecar sidecar, string targetAppId, string pathAndQuery)
    {
        var target = sidecar.Cluster.PickInstance(targetAppId)
            ?? throw new DaprApiException(DaprErrorCodes.DirectInvoke, $"failed to invoke, id: {targetAppId}, err: app {targetAppId} is not running (no sidecar with this app id has an app attached)");
        var body = await HttpForwarding.ReadBodyAsync(context.Request);
        var headers = HttpForwarding.Headers(context.Request)
            .Append(new("dapr-caller-app-id", [sidecar.AppId]))
            .Append(new("dapr-callee-app-id", [targetAppId]));
        AppResponse response;
        try
        {
            response = await sidecar.Cluster.Channel.SendAsync(
                target.Address,
                new HttpMethod(context.Request.Method),
                pathAndQuery,
                body.Length == 0 && HttpMethods.IsGet(context.Request.Method) ? null : body,
                context.Request.ContentType,
                headers,
                context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            throw new DaprApiException(DaprErrorCodes.DirectInvoke, $"failed to invoke, id: {targetAppId}, err: {ex.Message}");
        }

        await HttpForwarding.WriteAsync(context, response);
    }
}

/// <summary>The header form of service invocation: any non-Dapr path with a <c>dapr-app-id</c> header.</summary>
internal sealed class AppIdHeaderInvokeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, DaprSidecar sidecar)
    {
        var appId = context.Request.Headers["dapr-app-id"].ToString();
        var path = context.Request.Path.Value ?? "/";
        if (appId.Length == 0 || path.StartsWith("/v1.0", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/dapr.proto", StringComparison.Ordinal))
        {
            return next(context);
        }

        return InvokeEndpoints.ForwardAsync(context, sidecar, appId, path + context.Request.QueryString);
    }
}
