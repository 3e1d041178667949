using System.Globalization;
using DaprEmulator.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace DaprEmulator.Resources;

/// <summary>Reads components, subscriptions and resiliency documents from resources folders, as daprd's --resources-path does.</summary>
public static class ResourceLoader
{
    public static ResourceSet Load(string appId, IEnumerable<string> paths)
    {
        var components = new List<ComponentResource>();
        var subscriptions = new List<SubscriptionResource>();
        var resiliency = new List<ResiliencyResource>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                throw new DaprResourceException($"resources path {path} does not exist");
            }

            var files = Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var doc in ReadDocuments(file))
                {
                    switch (doc.Str("kind"))
                    {
                        case "Component":
                            components.Add(ParseComponent(doc, file));
                            break;
                        case "Subscription":
                            subscriptions.Add(ParseSubscription(doc, file));
                            break;
                        case "Resiliency":
                            resiliency.Add(ParseResiliency(doc, file));
                            break;
                        default:
                            break; // Configuration and other kinds are not used by the emulator.
                    }
                }
            }
        }

        var duplicate = components.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DaprResourceException($"duplicate definition of component name {duplicate.Key} ({string.Join(", ", duplicate.Select(c => Path.GetFileName(c.SourceFile)))})");
        }

        return new ResourceSet(appId, components, subscriptions, resiliency);
    }

    internal static List<object> ReadDocuments(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StreamReader(file);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        var docs = new List<object>();
        try
        {
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var doc = deserializer.Deserialize<object?>(parser);
                parser.Consume<DocumentEnd>();
                if (doc is not null)
                {
                    docs.Add(doc);
                }
            }
        }
        catch (YamlException ex)
        {
            throw new DaprResourceException($"{Path.GetFileName(file)}: invalid YAML: {ex.Message}");
        }

        return docs;
    }

    private static ComponentResource ParseComponent(object doc, string file)
    {
        var name = doc.Get("metadata").Str("name") ?? throw new DaprResourceException($"{Path.GetFileName(file)}: component without metadata.name");
        var spec = doc.Get("spec");
        var type = spec.Str("type") ?? throw new DaprResourceException($"{Path.GetFileName(file)}: component {name} without spec.type");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in spec.List("metadata"))
        {
            var key = item.Str("name");
            if (key is null)
            {
                continue;
            }

            // secretKeyRef values are not resolved: components take no secrets from a secret store.
            metadata[key] = item.Str("value") ?? string.Empty;
        }

        return new ComponentResource(name, type, spec.Str("version") ?? "v1", metadata, Scopes(doc), file);
    }

    private static SubscriptionResource ParseSubscription(object doc, string file)
    {
        var name = doc.Get("metadata").Str("name") ?? Path.GetFileNameWithoutExtension(file);
        var spec = doc.Get("spec");
        var pubsub = spec.Str("pubsubname") ?? throw new DaprResourceException($"{Path.GetFileName(file)}: subscription {name} without spec.pubsubname");
        var topic = spec.Str("topic") ?? throw new DaprResourceException($"{Path.GetFileName(file)}: subscription {name} without spec.topic");
        var routes = spec.Get("routes");
        var defaultRoute = routes?.Str("default") ?? spec.Str("route");
        var rules = routes.List("rules")
            .Select(r => (r.Str("match") ?? string.Empty, r.Str("path") ?? throw new DaprResourceException($"{Path.GetFileName(file)}: subscription {name} has a rule without path")))
            .ToList();
        foreach (var (match, _) in rules)
        {
            _ = PubSub.RouteMatcher.Compile(match);
        }

        if (defaultRoute is null && rules.Count == 0)
        {
            throw new DaprResourceException($"{Path.GetFileName(file)}: subscription {name} has no route");
        }

        var bulk = spec.Get("bulkSubscribe");
        var metadata = spec.Map("metadata").ToDictionary(kv => kv.Key, kv => kv.Value.AsString() ?? string.Empty);
        return new SubscriptionResource(
            name,
            pubsub,
            topic,
            defaultRoute,
            rules,
            spec.Str("deadLetterTopic"),
            string.Equals(bulk.Str("enabled"), "true", StringComparison.OrdinalIgnoreCase),
            ParseInt(bulk.Str("maxMessagesCount")),
            ParseInt(bulk.Str("maxAwaitDurationMs")),
            metadata,
            Scopes(doc));
    }

    private static ResiliencyResource ParseResiliency(object doc, string file)
    {
        var name = doc.Get("metadata").Str("name") ?? Path.GetFileNameWithoutExtension(file);
        var spec = doc.Get("spec");
        var retries = new Dictionary<string, RetryPolicySpec>(StringComparer.Ordinal);
        foreach (var (policyName, policy) in spec.Get("policies").Map("retries"))
        {
            var kind = policy.Str("policy") ?? "constant";
            var duration = policy.Str("duration") is { } d ? DaprDuration.Parse(d, "retry duration") : TimeSpan.FromSeconds(kind == "exponential" ? 0.5 : 5);
            var maxInterval = policy.Str("maxInterval") is { } m ? DaprDuration.Parse(m, "retry maxInterval") : TimeSpan.FromSeconds(60);
            var maxRetries = ParseInt(policy.Str("maxRetries")) ?? -1;
            retries[policyName] = new RetryPolicySpec(kind, duration, maxInterval, maxRetries);
        }

        var inbound = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (component, target) in spec.Get("targets").Map("components"))
        {
            if (target.Get("inbound").Str("retry") is { } retry)
            {
                if (!retries.ContainsKey(retry))
                {
                    throw new DaprResourceException($"{Path.GetFileName(file)}: resiliency {name} refers to undefined retry policy {retry}");
                }

                inbound[component] = retry;
            }
        }

        return new ResiliencyResource(name, retries, inbound, Scopes(doc));
    }

    private static List<string> Scopes(object doc) => doc.List("scopes").Select(s => s.AsString()!).Where(s => s is not null).ToList();

    private static int? ParseInt(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
