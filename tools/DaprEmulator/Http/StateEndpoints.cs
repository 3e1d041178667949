using System.Text;
using System.Text.Json;
using DaprEmulator.Core;
using DaprEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

/// <summary>The HTTP state API (<c>/v1.0/state/…</c>); the .NET SDK itself uses gRPC for state.</summary>
internal static class StateEndpoints
{
    public static void MapStateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1.0/state/{store}/{key}", (DaprSidecar sidecar, string store, string key, HttpContext context) =>
        {
            var entry = StateApi.Get(sidecar, store, key);
            if (entry is null)
            {
                return Results.NoContent();
            }

            context.Response.Headers.ETag = entry.ETag;
            return Results.Bytes(entry.Value, "application/json");
        });

        app.MapDelete("/v1.0/state/{store}/{key}", async (DaprSidecar sidecar, string store, string key, HttpContext context) =>
        {
            var etag = context.Request.Headers.IfMatch.ToString();
            await StateApi.ApplyAsync(sidecar, store, [new StateOperation(key, true, null, etag.Length == 0 ? null : etag, false, null)]);
            return Results.NoContent();
        });

        app.MapPost("/v1.0/state/{store}", async (DaprSidecar sidecar, string store, HttpContext context) =>
        {
            using var doc = JsonDocument.Parse(await HttpForwarding.ReadBodyAsync(context.Request));
            await StateApi.ApplyAsync(sidecar, store, doc.RootElement.EnumerateArray().Select(item => Upsert(item)).ToList());
            return Results.NoContent();
        });

        app.MapPost("/v1.0/state/{store}/transaction", async (DaprSidecar sidecar, string store, HttpContext context) =>
        {
            using var doc = JsonDocument.Parse(await HttpForwarding.ReadBodyAsync(context.Request));
            var ops = doc.RootElement.GetProperty("operations").EnumerateArray().Select(op =>
            {
                var request = op.GetProperty("request");
                return op.GetProperty("operation").GetString() == "delete"
                    ? new StateOperation(request.GetProperty("key").GetString()!, true, null, ETag(request), false, null)
                    : Upsert(request);
            }).ToList();
            await StateApi.ApplyAsync(sidecar, store, ops);
            return Results.NoContent();
        });
    }

    private static StateOperation Upsert(JsonElement item)
    {
        var key = item.GetProperty("key").GetString() ?? throw new DaprApiException(DaprErrorCodes.BadRequest, "state item without key");
        var value = item.TryGetProperty("value", out var v) ? Encoding.UTF8.GetBytes(v.GetRawText()) : [];
        var firstWrite = item.TryGetProperty("options", out var options) && options.TryGetProperty("concurrency", out var c) && c.GetString() == "first-write";
        Dictionary<string, string>? metadata = item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : null;
        return new StateOperation(key, false, value, ETag(item), firstWrite, StateApi.Ttl(metadata));
    }

    private static string? ETag(JsonElement item) =>
        item.TryGetProperty("etag", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : null;
}
