using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CheckIns.Contracts;
using Dapr;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Projects;

/// <summary>
/// Asks the processor through the sidecar (service invocation of <c>GET /v1/ping-uuids/{uuid}</c>, plain HTTP as
/// Dapr advises over the SDK's obsolete invoke helpers) and keeps a found UUID for
/// <see cref="IngestOptions.PingUuidCacheSeconds"/>, so a cron job pinging every minute costs one call per period.
/// An unknown UUID is not kept: a UUID just set through the API answers at once. The price of the cache is that a
/// replaced UUID may still be routed for that long; its pings then still reach the environment that had it.
/// </summary>
public sealed class ProcessorPingUuidLookup(
    IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time, IOptionsMonitor<IngestOptions> options) : IPingUuidLookup
{
    public const string HttpClientName = "processor-ping-uuids";

    /// <summary>Bounds the cache; past it the cache starts over (a lookup is cheap, memory is not unbounded).</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<Guid, (PingRoute Route, DateTimeOffset Until)> _cache = new();

    public async Task<PingRoute?> FindAsync(Guid uuid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(uuid, out var cached) && cached.Until > now)
        {
            return cached.Route;
        }

        var route = await AskAsync(uuid, cancellationToken);
        var keep = TimeSpan.FromSeconds(options.CurrentValue.PingUuidCacheSeconds);
        if (route is null || keep <= TimeSpan.Zero)
        {
            _cache.TryRemove(uuid, out _);
            return route;
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[uuid] = (route, now + keep);
        return route;
    }

    private async Task<PingRoute?> AskAsync(Guid uuid, CancellationToken cancellationToken)
    {
        try
        {
            var sidecar = new Uri(DaprDefaults.GetDefaultHttpEndpoint(configuration));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sidecar, $"/v1.0/invoke/{AppIds.Processor}/method/v1/ping-uuids/{uuid:D}"));
            if (DaprDefaults.GetDefaultDaprApiToken(configuration) is { Length: > 0 } token)
            {
                request.Headers.Add("dapr-api-token", token);
            }

            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PingLookupException($"The processor answered {(int)response.StatusCode} to the lookup of a ping UUID.");
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            return new PingRoute(
                root.GetProperty("project_id").GetInt64(),
                root.GetProperty("monitor_slug").GetString()!,
                root.GetProperty("environment").GetString()!,
                root.GetProperty("ping_methods").GetString() ?? "");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PingLookupException("The processor could not be asked for a ping UUID.", e);
        }
    }
}
