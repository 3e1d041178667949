using DaprEmulator.Core;
using Microsoft.AspNetCore.Http;

namespace DaprEmulator.Http;

internal static class HttpForwarding
{
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    public static IEnumerable<KeyValuePair<string, string[]>> Headers(HttpRequest request) =>
        request.Headers
            .Where(h => AppChannel.IsForwardable(h.Key) && !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.Where(v => v is not null).Select(v => v!).ToArray()))
            .ToList();

    public static async Task WriteAsync(HttpContext context, AppResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, values) in response.Headers)
        {
            context.Response.Headers[name] = values;
        }

        if (response.ContentType is not null)
        {
            context.Response.ContentType = response.ContentType;
        }

        if (response.Body.Length > 0)
        {
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        }
    }
}
