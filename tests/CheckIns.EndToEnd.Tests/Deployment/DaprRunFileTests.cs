using CheckIns.Contracts;
using DaprEmulator.Testing;
using YamlDotNet.RepresentationModel;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary><c>dapr.yaml</c>, the multi-app run file (DAPR.md §4.1).</summary>
public sealed class DaprRunFileTests
{
    private static readonly YamlMappingNode RunFile = Repo.LoadYaml("dapr.yaml");

    public static IReadOnlyList<YamlNode> Apps => RunFile.Seq("apps");

    /// <summary>Ports daprd, `dapr init` and the apps' neighbours already use on a developer machine.</summary>
    private static readonly int[] Reserved = [3500, 50001, 50005, 50006, 6379, 9090, 9411];

    [Fact]
    public void Runs_every_app_of_the_suite_once()
    {
        Assert.Equal(1, RunFile.Int("version"));
        Assert.Equal(
            Repo.ConstantsOf(typeof(AppIds)).Order(StringComparer.Ordinal),
            Apps.Select(a => a.Str("appID")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Uses_the_default_components_folder()
    {
        var paths = RunFile.Map("common").Strings("resourcesPaths");

        Assert.Equal(["./components"], paths);
        Assert.True(Directory.Exists(RepositoryRoot.PathOf(paths[0])));
        Assert.All(Apps, app => Assert.Null(app.Find("resourcesPaths")));
    }

    [Fact]
    public void The_processor_runs_with_the_configuration_compose_gives_its_sidecar_and_no_other_app_has_one()
    {
        // The emulator's reading of the run file is the Dapr CLI's: configFilePath is relative to appDirPath.
        var apps = global::DaprEmulator.Runner.RunFile.Load(RepositoryRoot.PathOf("dapr.yaml")).ToDictionary(a => a.AppId);

        Assert.Equal(RepositoryRoot.PathOf("config/processor.yaml"), apps[AppIds.Processor].ConfigFilePath);
        Assert.All(apps.Values.Where(a => a.AppId != AppIds.Processor), app => Assert.Null(app.ConfigFilePath));
    }

    [Fact]
    public void Each_app_directory_holds_the_project_of_that_app()
    {
        Assert.All(Apps, app =>
        {
            var dir = RepositoryRoot.PathOf(app.Str("appDirPath"));
            Assert.True(Directory.Exists(dir), $"{app.Str("appDirPath")} does not exist.");
            var project = Assert.Single(Directory.GetFiles(dir, "*.csproj"));
            Assert.Equal(app.Str("appID"), Path.GetFileNameWithoutExtension(project).Replace("CheckIns.", "", StringComparison.Ordinal).ToLowerInvariant());
        });
    }

    [Fact]
    public void Each_app_runs_without_its_launch_profile_on_its_app_port()
    {
        Assert.All(Apps, app =>
        {
            Assert.Equal(["dotnet", "run", "--no-launch-profile"], app.Strings("command"));
            Assert.Equal($"http://localhost:{app.Int("appPort")}", app.Map("env").Str("ASPNETCORE_URLS"));
        });
    }

    [Fact]
    public void Ports_are_fixed_distinct_and_clear_of_the_dapr_defaults()
    {
        var ports = Apps
            .SelectMany(app => new[] { "appPort", "daprHTTPPort", "daprGRPCPort", "metricsPort" }.Select(key => app.Int(key)))
            .ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.DoesNotContain(ports, Reserved.Contains);
    }

    public static int AppPort(string appId) => Apps.Single(a => a.Str("appID") == appId).Int("appPort");

    public static int DaprHttpPort(string appId) => Apps.Single(a => a.Str("appID") == appId).Int("daprHTTPPort");
}
