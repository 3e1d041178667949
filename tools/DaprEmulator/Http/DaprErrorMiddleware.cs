using System.Text.Json;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using Microsoft.AspNetCore.Http;

namespace DaprEmulator.Http;

/// <summary>Turns refusals into daprd's HTTP error body: <c>{"errorCode":"ERR_…","message":"…"}</c>.</summary>
internal sealed class DaprErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (DaprApiException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, (int)ex.Code.HttpStatus, ex.Code.Name, ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or DaprResourceException && !context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "ERR_MALFORMED_REQUEST", ex.Message);
        }
    }

    public static async Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string> { ["errorCode"] = code, ["message"] = message });
    }
}
