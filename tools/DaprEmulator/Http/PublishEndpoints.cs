using System.Text.Json;
using DaprEmulator.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

internal static class PublishEndpoints
{
    public static void MapPublishEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1.0/publish/{pubsub}/{**topic}", async (HttpContext context, DaprSidecar sidecar, string pubsub, string topic) =>
        {
            var body = await HttpForwarding.ReadBodyAsync(context.Request);
            await sidecar.Cluster.Broker.PublishAsync(sidecar.AppId, sidecar.Resources, pubsub, topic, body, context.Request.ContentType, QueryMetadata(context.Request));
            return Results.NoContent();
        });

        foreach (var prefix in new[] { "/v1.0-alpha1/publish/bulk", "/v1.0/publish/bulk" })
        {
            app.MapPost(prefix + "/{pubsub}/{**topic}", async (HttpContext context, DaprSidecar sidecar, string pubsub, string topic) =>
            {
                var body = await HttpForwarding.ReadBodyAsync(context.Request);
                var common = QueryMetadata(context.Request);
                using var doc = JsonDocument.Parse(body);
                var failed = new List<object>();
                var accepted = new List<(string EntryId, PubSub.PublishedMessage Message)>();
                foreach (var entry in doc.RootElement.EnumerateArray())
                {
                    var entryId = entry.GetProperty("entryId").GetString() ?? string.Empty;
                    var contentType = entry.TryGetProperty("contentType", out var ctElement) ? ctElement.GetString() : "application/json";
                    var ev = entry.GetProperty("event");
                    var data = ev.ValueKind == JsonValueKind.String && !(contentType ?? string.Empty).Contains("json", StringComparison.OrdinalIgnoreCase)
                        ? System.Text.Encoding.UTF8.GetBytes(ev.GetString()!)
                        : System.Text.Encoding.UTF8.GetBytes(ev.GetRawText());
                    var metadata = new Dictionary<string, string>(common);
                    if (entry.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var p in meta.EnumerateObject())
                        {
                            metadata[p.Name] = p.Value.ToString();
                        }
                    }

                    try
                    {
                        accepted.Add((entryId, sidecar.Cluster.Broker.Prepare(sidecar.AppId, sidecar.Resources, pubsub, topic, data, contentType, metadata)));
                    }
                    catch (DaprApiException ex) when (ex.Code == DaprErrorCodes.PubSubPublishFailed)
                    {
                        failed.Add(new { entryId, error = ex.Message });
                    }
                }

                try
                {
                    await sidecar.Cluster.Broker.AppendAsync(accepted.ConvertAll(a => a.Message));
                }
                catch (DaprApiException ex) when (ex.Code == DaprErrorCodes.PubSubPublishFailed)
                {
                    failed.AddRange(accepted.Select(a => (object)new { entryId = a.EntryId, error = ex.Message }));
                }

                return failed.Count == 0
                    ? Results.NoContent()
                    : Results.Json(new { failedEntries = failed, errorCode = "ERR_PUBSUB_PUBLISH_MESSAGE" }, statusCode: 500);
            });
        }
    }

    /// <summary>daprd takes publish metadata from <c>metadata.key=value</c> query parameters.</summary>
    public static Dictionary<string, string> QueryMetadata(HttpRequest request) =>
        request.Query
            .Where(q => q.Key.StartsWith("metadata.", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString(), StringComparer.Ordinal);
}
