using System.Text.RegularExpressions;
using CheckIns.Contracts;
using DaprEmulator.Testing;
using YamlDotNet.RepresentationModel;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary><c>docker-compose.yml</c> (DAPR.md §4.5): Kafka, Redis, placement, scheduler, each app with its sidecar.</summary>
public sealed partial class ComposeTests
{
    private static readonly YamlMappingNode Services = Repo.LoadYaml("docker-compose.yml").Map("services");

    public static TheoryData<string> AppIdData => new(Repo.ConstantsOf(typeof(AppIds)));

    [Fact]
    public void Runs_the_infrastructure_and_one_sidecar_per_app()
    {
        var names = Services.Entries().Select(e => e.Key).ToHashSet();

        Assert.Superset(new HashSet<string> { "kafka", "redis", "placement", "scheduler" }, names);
        Assert.All(Repo.ConstantsOf(typeof(AppIds)), app =>
        {
            Assert.Contains(app, names);
            Assert.Contains($"{app}-dapr", names);
        });
    }

    [Fact]
    public void Kafka_is_a_single_kraft_node()
    {
        var env = Services.Map("kafka").Map("environment");

        Assert.Equal(["broker", "controller"], env.Str("KAFKA_PROCESS_ROLES").Split(',').Order(StringComparer.Ordinal));
        Assert.Equal($"{env.Str("KAFKA_NODE_ID")}@kafka:9093", env.Str("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        Assert.Contains("PLAINTEXT://kafka:9092", env.Str("KAFKA_ADVERTISED_LISTENERS"), StringComparison.Ordinal);
        Assert.Equal("1", env.Str("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
    }

    [Fact]
    public void Scheduler_keeps_its_data_in_a_writable_volume()
    {
        var scheduler = Services.Map("scheduler");
        var command = scheduler.Strings("command");
        var dataDir = Flag(command, "--etcd-data-dir");
        var mounts = scheduler.Strings("volumes").Select(v => v.Split(':')).ToList();

        Assert.Contains(mounts, m => dataDir.StartsWith(m[1], StringComparison.Ordinal) && !m[0].StartsWith('.'));
        // The image's non-root user cannot create directories in a fresh named volume (DAPR.md §4.5).
        Assert.Equal("root", scheduler.Str("user"));
    }

    [Theory]
    [MemberData(nameof(AppIdData))]
    public void Each_app_is_built_from_the_repository_root_with_its_own_dockerfile(string appId)
    {
        var build = Services.Map(appId).Map("build");
        var dockerfile = build.Str("dockerfile");
        var projectName = Path.GetFileName(Path.GetDirectoryName(dockerfile))!;

        Assert.Equal(".", build.Str("context"));
        Assert.True(File.Exists(RepositoryRoot.PathOf(dockerfile)), $"{dockerfile} does not exist.");
        Assert.True(File.Exists(RepositoryRoot.PathOf($"services/{projectName}/{projectName}.csproj")));
        Assert.Equal(appId, projectName.Replace("CheckIns.", "", StringComparison.Ordinal).ToLowerInvariant());

        var text = File.ReadAllText(RepositoryRoot.PathOf(dockerfile));
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", text);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", text);
        Assert.Contains($"dotnet publish services/{projectName}/{projectName}.csproj", text, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{projectName}.dll\"]", text, StringComparison.Ordinal);
        // Every source the build copies exists relative to the build context.
        Assert.All(CopySources().Matches(text).Select(m => m.Groups["src"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).SelectMany(s => s),
            source => Assert.True(File.Exists(RepositoryRoot.PathOf(source)) || Directory.Exists(RepositoryRoot.PathOf(source)), $"{dockerfile} copies {source}, which does not exist."));
    }

    [Theory]
    [MemberData(nameof(AppIdData))]
    public void Each_sidecar_shares_its_apps_network_and_agrees_on_every_port(string appId)
    {
        var app = Services.Map(appId);
        var sidecar = Services.Map($"{appId}-dapr");
        var command = sidecar.Strings("command");
        var env = app.Map("environment");
        var appPort = env.Str("ASPNETCORE_HTTP_PORTS");

        Assert.Equal($"service:{appId}", sidecar.Str("network_mode"));
        Assert.StartsWith("daprio/daprd:", sidecar.Str("image"), StringComparison.Ordinal);
        Assert.Equal("./daprd", command[0]);
        Assert.Equal(appId, Flag(command, "--app-id"));
        Assert.Equal(appPort, Flag(command, "--app-port"));
        Assert.Equal(env.Str("DAPR_HTTP_PORT"), Flag(command, "--dapr-http-port"));
        Assert.Equal(env.Str("DAPR_GRPC_PORT"), Flag(command, "--dapr-grpc-port"));

        // The host port is the app port of dapr.yaml, so the .http files work against either way of running.
        Assert.Equal($"{DaprRunFileTests.AppPort(appId)}:{appPort}", Assert.Single(app.Strings("ports")));

        // Placement and scheduler are reached where they listen.
        Assert.Equal($"placement:{Flag(Services.Map("placement").Strings("command"), "--port")}", Flag(command, "--placement-host-address"));
        Assert.Equal($"scheduler:{Flag(Services.Map("scheduler").Strings("command"), "--port")}", Flag(command, "--scheduler-host-address"));

        // The resources are the Kafka set, mounted where --resources-path looks.
        var mounts = sidecar.Strings("volumes").Select(v => v.Split(':')).ToList();
        var resources = Assert.Single(mounts, m => m[1] == Flag(command, "--resources-path"));
        Assert.Equal("./components/kafka", resources[0]);

        var dependsOn = sidecar.Map("depends_on").Entries().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { appId, "kafka", "redis", "placement", "scheduler" }, dependsOn);
    }

    [Fact]
    public void Only_the_processors_sidecar_has_a_configuration_the_repositorys_workflow_retention()
    {
        var command = Services.Map($"{AppIds.Processor}-dapr").Strings("command");
        var config = Flag(command, "--config");
        var mount = Assert.Single(Services.Map($"{AppIds.Processor}-dapr").Strings("volumes").Select(v => v.Split(':')), m => config.StartsWith(m[1] + "/", StringComparison.Ordinal));

        var file = RepositoryRoot.PathOf(Path.Combine(mount[0], config[(mount[1].Length + 1)..]));
        Assert.Equal(RepositoryRoot.PathOf("config/processor.yaml"), file);
        Assert.NotNull(DaprEmulator.Resources.ConfigurationResource.Load(file).WorkflowRetention);
        Assert.All(Repo.ConstantsOf(typeof(AppIds)).Where(a => a != AppIds.Processor), app =>
            Assert.DoesNotContain("--config", Services.Map($"{app}-dapr").Strings("command")));
    }

    [Fact]
    public void The_incidents_http_file_targets_the_incidents_app_and_its_sidecar()
    {
        var text = File.ReadAllText(RepositoryRoot.PathOf("services/CheckIns.Incidents/CheckIns.Incidents.http"));

        Assert.Contains($"@incidents = http://localhost:{DaprRunFileTests.AppPort(AppIds.Incidents)}", text, StringComparison.Ordinal);
        Assert.Contains($"@sidecar = http://localhost:{DaprRunFileTests.DaprHttpPort(AppIds.Incidents)}", text, StringComparison.Ordinal);
        Assert.Contains($"/v1.0/publish/{DaprNames.CheckInsPubSub}/{Topics.MonitorsStatus}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_http_file_of_the_apps_targets_a_port_of_dapr_yaml()
    {
        var files = Directory.GetFiles(RepositoryRoot.PathOf("services"), "*.http", SearchOption.AllDirectories);
        var known = DaprRunFileTests.Apps
            .SelectMany(app => new[] { app.Int("appPort"), app.Int("daprHTTPPort") })
            .ToHashSet();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.All(
            LocalhostPort().Matches(File.ReadAllText(file)).Select(m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)),
            port => Assert.True(known.Contains(port), $"{Path.GetFileName(file)} calls localhost:{port}, which dapr.yaml does not declare.")));
    }

    private static string Flag(IReadOnlyList<string> command, string name)
    {
        var index = command.ToList().IndexOf(name);
        Assert.True(index >= 0 && index + 1 < command.Count, $"{name} is missing from [{string.Join(' ', command)}].");
        return command[index + 1];
    }

    [GeneratedRegex(@"http://localhost:(?<port>\d+)")]
    private static partial Regex LocalhostPort();

    [GeneratedRegex(@"^COPY (?!--from)(?<src>.+) \S+$", RegexOptions.Multiline)]
    private static partial Regex CopySources();
}
