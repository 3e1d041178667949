using CheckIns.Contracts;
using DaprEmulator.Testing;
using YamlDotNet.RepresentationModel;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary>
/// The Dapr resources in components/ (default, Redis from <c>dapr init</c>) and components/kafka/ (compose), checked
/// against DAPR.md §4.2–4.3 and the names the code uses. daprd reads one folder without its subfolders, so each folder
/// must hold a complete set on its own.
/// </summary>
public sealed class ComponentsTests
{
    public static TheoryData<string> Folders => new("components", "components/kafka");

    public static TheoryData<string> AllResourceFiles =>
        new(Repo.YamlFilesIn("components").Concat(Repo.YamlFilesIn("components/kafka")));

    private static readonly IReadOnlySet<string> AppIdSet = Repo.ConstantsOf(typeof(AppIds));

    [Theory]
    [MemberData(nameof(AllResourceFiles))]
    public void Every_resource_has_the_shape_daprd_loads(string file)
    {
        var doc = Repo.LoadYaml(file);

        Assert.Equal("dapr.io/v1alpha1", doc.Str("apiVersion"));
        Assert.Contains(doc.Str("kind"), new[] { "Component", "Resiliency" });
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", doc.Map("metadata").Str("name"));

        // Unscoped resources load in every sidecar; each of ours names the apps that need it, and only real ones.
        var scopes = doc.Strings("scopes");
        Assert.NotEmpty(scopes);
        Assert.All(scopes, scope => Assert.Contains(scope, AppIdSet));

        if (doc.Str("kind") == "Component")
        {
            var spec = doc.Map("spec");
            Assert.Matches(@"^(pubsub|state)\.[a-z0-9.\-]+$", spec.Str("type"));
            Assert.Equal("v1", spec.Str("version"));
            Assert.All(spec.Seq("metadata"), item =>
            {
                Assert.False(string.IsNullOrEmpty(item.Str("name")));
                Assert.NotNull(item.Find("value") ?? item.Find("secretKeyRef"));
            });
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Each_folder_declares_exactly_the_components_the_code_names(string folder)
    {
        var names = Components(folder).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(Repo.ConstantsOf(typeof(DaprNames)).Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Components_are_scoped_to_the_apps_that_use_them(string folder)
    {
        var scopes = Components(folder).ToDictionary(c => c.Name, c => c.Doc.Strings("scopes").ToHashSet());

        Assert.Equal([AppIds.Processor], scopes[DaprNames.ActorStateStore]);
        Assert.Equal([AppIds.Incidents], scopes[DaprNames.IncidentsStateStore]);
        Assert.Equal([AppIds.Incidents], scopes[DaprNames.IncidentsPubSub]);
        // ingest publishes check-ins, the processor reads them and publishes status, incidents reads status.
        Assert.Superset(new HashSet<string> { AppIds.Ingest, AppIds.Processor, AppIds.Incidents }, scopes[DaprNames.CheckInsPubSub]);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Only_the_monitor_state_store_holds_actors_and_both_stores_support_etags(string folder)
    {
        foreach (var (name, doc) in Components(folder).Where(c => c.Doc.Map("spec").Str("type").StartsWith("state.", StringComparison.Ordinal)))
        {
            var isActorStore = Metadata(doc).GetValueOrDefault("actorStateStore") == "true";
            Assert.Equal(name == DaprNames.ActorStateStore, isActorStore);
            // Both stores are used with ETags and transactions (actor turns, the incidents' first-write saves).
            Assert.Contains(doc.Map("spec").Str("type"), new[] { "state.redis", "state.postgresql", "state.sqlite", "state.in-memory", "state.mongodb" });
        }
    }

    [Fact]
    public void Default_set_uses_what_dapr_init_provides()
    {
        foreach (var (name, doc) in Components("components"))
        {
            var type = doc.Map("spec").Str("type");
            Assert.True(type is "pubsub.redis" or "state.redis", $"{name} is {type}; `dapr init` provides Redis only.");
            Assert.Equal("localhost:6379", Metadata(doc)["redisHost"]);
        }
    }

    [Fact]
    public void Kafka_set_uses_kafka_for_both_pubsubs_and_the_compose_redis_for_state()
    {
        var compose = Repo.LoadYaml("docker-compose.yml").Map("services");
        var advertised = compose.Map("kafka").Map("environment").Str("KAFKA_ADVERTISED_LISTENERS");

        foreach (var (name, doc) in Components("components/kafka"))
        {
            var type = doc.Map("spec").Str("type");
            var metadata = Metadata(doc);
            if (type.StartsWith("pubsub.", StringComparison.Ordinal))
            {
                Assert.Equal("pubsub.kafka", type);
                Assert.Equal("none", metadata["authType"]); // required; empty is an error (DAPR.md §2.7)
                Assert.All(metadata["brokers"].Split(','), broker => Assert.Contains($"PLAINTEXT://{broker}", advertised, StringComparison.Ordinal));
            }
            else
            {
                Assert.Equal("state.redis", type);
                var host = metadata["redisHost"].Split(':');
                Assert.True(compose.Find(host[0]) is not null, $"{name} points at \"{host[0]}\", which is no compose service.");
                Assert.Equal("6379", host[1]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Resiliency_targets_real_components_and_defined_policies(string folder)
    {
        var resiliency = Assert.Single(Repo.YamlFilesIn(folder).Select(Repo.LoadYaml), d => d.Str("kind") == "Resiliency");
        var spec = resiliency.Map("spec");
        var policies = spec.Map("policies");
        var timeouts = policies.Map("timeouts").Entries().ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value!);
        var retries = policies.Map("retries").Entries().ToDictionary(e => e.Key, e => (YamlMappingNode)e.Value);
        var breakers = policies.Map("circuitBreakers").Entries().ToDictionary(e => e.Key, e => (YamlMappingNode)e.Value);

        Assert.All(timeouts.Values, t => Assert.True(IsDuration(t), $"timeout {t}"));
        Assert.All(retries.Values, r =>
        {
            Assert.Contains(r.Str("policy"), new[] { "constant", "exponential" });
            Assert.True(int.Parse(r.Str("maxRetries"), System.Globalization.CultureInfo.InvariantCulture) >= -1);
            Assert.True(r.StrOrNull("maxInterval") is null || IsDuration(r.Str("maxInterval")));
            Assert.True(r.StrOrNull("duration") is null || IsDuration(r.Str("duration")));
        });
        Assert.All(breakers.Values, b =>
        {
            Assert.Matches(@"^consecutiveFailures\s*>\s*\d+$", b.Str("trip"));
            Assert.True(IsDuration(b.Str("timeout")));
        });

        var componentNames = Components(folder).Select(c => c.Name).ToHashSet();
        var components = spec.Map("targets").Map("components");
        Assert.All(components.Entries(), target => Assert.Contains(target.Key, componentNames));
        // Every pub/sub retries deliveries or publishes with back-off; the broker-facing ones also have a breaker.
        Assert.NotNull(components.Map(DaprNames.CheckInsPubSub).Map("inbound").StrOrNull("retry"));
        Assert.NotNull(components.Map(DaprNames.IncidentsPubSub).Map("outbound").StrOrNull("circuitBreaker"));
        var actorTargets = spec.Map("targets").Map("actors").Entries().ToList();
        Assert.NotEmpty(actorTargets);

        var references = components.Entries()
            .SelectMany(c => ((YamlMappingNode)c.Value).Entries().Select(direction => (YamlMappingNode)direction.Value))
            .Concat(actorTargets.Select(a => (YamlMappingNode)a.Value));
        Assert.All(references, target =>
        {
            if (target.StrOrNull("retry") is { } retry) { Assert.Contains(retry, retries.Keys); }
            if (target.StrOrNull("timeout") is { } timeout) { Assert.Contains(timeout, timeouts.Keys); }
            if (target.StrOrNull("circuitBreaker") is { } breaker) { Assert.Contains(breaker, breakers.Keys); }
        });
    }

    [Fact]
    public void Both_folders_declare_the_same_resiliency_so_compose_behaves_like_dapr_run()
    {
        Assert.Equal(File.ReadAllText(RepositoryRoot.PathOf("components/resiliency.yaml")), File.ReadAllText(RepositoryRoot.PathOf("components/kafka/resiliency.yaml")));
    }

    internal static IEnumerable<(string Name, YamlMappingNode Doc)> Components(string folder) =>
        Repo.YamlFilesIn(folder)
            .Select(Repo.LoadYaml)
            .Where(d => d.Str("kind") == "Component")
            .Select(d => (d.Map("metadata").Str("name"), d));

    internal static Dictionary<string, string> Metadata(YamlMappingNode component) =>
        component.Map("spec").Seq("metadata").ToDictionary(m => m.Str("name"), m => m.StrOrNull("value") ?? "");

    private static bool IsDuration(string value) => System.Text.RegularExpressions.Regex.IsMatch(value, @"^(\d+(ms|s|m|h))+$");
}
