using System.Text.Json;
using DaprEmulator.Resources;

namespace DaprEmulator.PubSub;

/// <summary>One app's subscription to a topic, from <c>/dapr/subscribe</c> or a declarative Subscription.</summary>
public sealed record SubscriptionInfo(
    string PubsubName,
    string Topic,
    string? DefaultRoute,
    IReadOnlyList<(string Match, string Path)> Rules,
    string? DeadLetterTopic,
    bool BulkEnabled,
    int MaxMessagesCount,
    int MaxAwaitDurationMs,
    bool RawPayload)
{
    // daprd's defaults for app-side bulk batching.
    public const int DefaultMaxMessagesCount = 100;
    public const int DefaultMaxAwaitDurationMs = 1000;

    private IReadOnlyList<(Func<JsonElement, bool> Match, string Path)>? _compiled;

    /// <summary>The app route an event goes to: the first rule that matches, else the default; null when none applies.</summary>
    public string? RouteFor(JsonElement cloudEvent)
    {
        _compiled ??= Rules.Select(r => (RouteMatcher.Compile(r.Match), NormalizePath(r.Path))).ToList();
        foreach (var (match, path) in _compiled)
        {
            if (match(cloudEvent))
            {
                return path;
            }
        }

        return DefaultRoute is null ? null : NormalizePath(DefaultRoute);
    }

    public static string NormalizePath(string path) => "/" + path.TrimStart('/');

    public static SubscriptionInfo From(SubscriptionResource r) => new(
        r.PubsubName,
        r.Topic,
        r.DefaultRoute,
        r.Rules,
        r.DeadLetterTopic,
        r.BulkEnabled,
        r.MaxMessagesCount ?? DefaultMaxMessagesCount,
        r.MaxAwaitDurationMs ?? DefaultMaxAwaitDurationMs,
        r.Metadata.TryGetValue("rawPayload", out var raw) && string.Equals(raw, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the JSON array an app returns from <c>GET /dapr/subscribe</c> (DAPR.md §2.1).</summary>
    public static List<SubscriptionInfo> ParseProgrammatic(JsonElement array)
    {
        var result = new List<SubscriptionInfo>();
        if (array.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var item in array.EnumerateArray())
        {
            var pubsub = Str(item, "pubsubName") ?? Str(item, "pubsubname");
            var topic = Str(item, "topic");
            if (pubsub is null || topic is null)
            {
                continue;
            }

            string? defaultRoute = Str(item, "route");
            var rules = new List<(string, string)>();
            if (item.TryGetProperty("routes", out var routes) && routes.ValueKind == JsonValueKind.Object)
            {
                defaultRoute = Str(routes, "default") ?? defaultRoute;
                if (routes.TryGetProperty("rules", out var ruleArray) && ruleArray.ValueKind == JsonValueKind.Array)
                {
                    foreach (var rule in ruleArray.EnumerateArray())
                    {
                        if (Str(rule, "path") is { } path)
                        {
                            rules.Add((Str(rule, "match") ?? string.Empty, path));
                        }
                    }
                }
            }

            var bulkEnabled = false;
            int? maxCount = null;
            int? maxAwait = null;
            if (item.TryGetProperty("bulkSubscribe", out var bulk) && bulk.ValueKind == JsonValueKind.Object)
            {
                bulkEnabled = bulk.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True;
                maxCount = Int(bulk, "maxMessagesCount");
                maxAwait = Int(bulk, "maxAwaitDurationMs");
            }

            var raw = item.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && string.Equals(Str(meta, "rawPayload"), "true", StringComparison.OrdinalIgnoreCase);

            result.Add(new SubscriptionInfo(
                pubsub,
                topic,
                defaultRoute,
                rules,
                Str(item, "deadLetterTopic") is { Length: > 0 } dlq ? dlq : null,
                bulkEnabled,
                maxCount is > 0 ? maxCount.Value : DefaultMaxMessagesCount,
                maxAwait is >= 0 ? maxAwait.Value : DefaultMaxAwaitDurationMs,
                raw));
        }

        return result;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
