using System.Text.Json;
using DaprEmulator.Core;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.PubSub;

/// <summary>
/// Delivers messages to an app's routes and reads its answers the way daprd does (DAPR.md §2.3, §2.4): one
/// request per message, or one per route through <see cref="BulkDelivery"/> when the subscription asks for bulk.
/// </summary>
internal sealed class AppDelivery(AppChannel channel, ILogger logger)
{
    private readonly BulkDelivery _bulk = new(channel, logger);

    public async Task<DeliveryOutcome> DeliverAsync(AppInstance member, SubscriptionInfo sub, IReadOnlyList<PublishedMessage> batch, CancellationToken ct)
    {
        var outcome = new DeliveryOutcome();
        var byRoute = new Dictionary<string, List<PublishedMessage>>(StringComparer.Ordinal);
        foreach (var m in batch)
        {
            var route = sub.RouteFor(RoutingView(m));
            if (route is null)
            {
                // daprd: no route matches ⇒ the message is dropped (to the dead-letter topic if any).
                logger.LogWarning("No route of {AppId} matches message {Id} on {Topic}; dropping it", member.AppId, m.Id, m.Topic);
                outcome.Drop.Add(m);
                continue;
            }

            if (!byRoute.TryGetValue(route, out var list))
            {
                byRoute[route] = list = [];
            }

            list.Add(m);
        }

        foreach (var (route, messages) in byRoute)
        {
            if (sub.BulkEnabled)
            {
                await _bulk.DeliverAsync(member, sub, route, messages, outcome, ct);
            }
            else
            {
                foreach (var m in messages)
                {
                    var status = await DeliverOneAsync(member, sub, route, m, ct);
                    outcome.Add(m, status);
                }
            }
        }

        return outcome;
    }

    private static JsonElement RoutingView(PublishedMessage m) =>
        JsonDocument.Parse(m.CloudEventBytes ?? CloudEventEnvelope.WrapRaw(m)).RootElement;

    private async Task<DeliveryStatus> DeliverOneAsync(AppInstance member, SubscriptionInfo sub, string route, PublishedMessage m, CancellationToken ct)
    {
        var (body, contentType) = sub.RawPayload
            ? (m.Data.ToArray(), m.DataContentType)
            : (m.CloudEventBytes ?? CloudEventEnvelope.WrapRaw(m), CloudEventEnvelope.ContentType);
        AppResponse response;
        try
        {
            response = await channel.SendAsync(member.Address, HttpMethod.Post, route, body, contentType, Headers(m), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Delivery of {Id} to {App}{Route} failed: {Error}; will retry", m.Id, member, route, ex.Message);
            return DeliveryStatus.Retry;
        }

        if (response.StatusCode == 404)
        {
            logger.LogWarning("{App} answered 404 on {Route} for {Id}; dropping it", member, route, m.Id);
            return DeliveryStatus.Drop;
        }

        if (!response.IsSuccess)
        {
            logger.LogInformation("{App} answered {Status} on {Route} for {Id}; will retry", member, response.StatusCode, route, m.Id);
            return DeliveryStatus.Retry;
        }

        return StatusFromBody(response.Body) switch
        {
            null or "" or "SUCCESS" => DeliveryStatus.Success,
            "DROP" => DeliveryStatus.Drop,
            _ => DeliveryStatus.Retry,
        };
    }

    private static string? StatusFromBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()!.ToUpperInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null; // 2xx with a non-JSON body is a success.
        }
    }

    private static List<KeyValuePair<string, string[]>> Headers(PublishedMessage m)
    {
        var headers = new List<KeyValuePair<string, string[]>> { new("pubsubname", [m.PubsubName]) };
        if (m.PartitionKey is not null)
        {
            headers.Add(new("Metadata.__key", [m.PartitionKey]));
        }

        return headers;
    }
}
