using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using DaprEmulator.Core;
using DaprEmulator.Runner;
using DaprEmulator.SampleApp;
using DaprEmulator.Tests.Support;

namespace DaprEmulator.Tests.Runner;

/// <summary>The <c>run -f dapr.yaml</c> runner, starting the sample app's built program as a real process.</summary>
public sealed class RunnerTests
{
    private static string WriteRunFile(string folder, string yaml)
    {
        var file = Path.Combine(folder, "dapr.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    private static string SampleApp(int appPort, string resources, int? daprHttpPort = null, string dll = "DaprEmulator.SampleApp.dll") => $"""
        version: 1
        common:
          resourcesPaths: ["{resources}"]
          env:
            GREETING: from-common
        apps:
          - appID: sample
            appDirPath: "{AppContext.BaseDirectory}"
            appPort: {appPort}
            {(daprHttpPort is null ? string.Empty : $"daprHTTPPort: {daprHttpPort}")}
            command: ["dotnet", "{dll}"]
            env:
              ASPNETCORE_URLS: "http://127.0.0.1:{appPort}"
              GREETING: from-app
        """;

    [Fact]
    public async Task The_runner_starts_the_app_with_its_sidecar_prefixes_its_logs_and_stops_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var appPort = FreePort.Next();
        var runFile = WriteRunFile(resources.Path, SampleApp(appPort, resources.Path));
        var output = new LinesWriter();
        using var stop = new CancellationTokenSource();

        var run = EmulatorRunner.RunAsync(runFile, output, stop.Token);
        await output.WaitForLineAsync(l => l.Contains("all apps are running", StringComparison.Ordinal), ct);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
        var settings = await http.GetFromJsonAsync<Dictionary<string, string?>>("/settings", ct);
        Assert.Equal("sample", settings!["APP_ID"]);
        Assert.Equal(appPort.ToString(CultureInfo.InvariantCulture), settings["APP_PORT"]);
        Assert.Equal("from-app", settings["GREETING"]);
        Assert.NotNull(settings["DAPR_HTTP_PORT"]);
        Assert.NotNull(settings["DAPR_GRPC_PORT"]);

        (await http.PostAsJsonAsync("/notes", new Note("through the runner"), ct)).EnsureSuccessStatusCode();
        await output.WaitForLineAsync(l => l.StartsWith("== APP - sample == ", StringComparison.Ordinal) && l.Contains("through the runner", StringComparison.Ordinal), ct);

        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.False(FreePort.IsInUse(appPort), "the app process is stopped");
    }

    [Fact]
    public async Task An_app_that_exits_on_its_own_is_restarted_with_a_clear_log_line_and_serves_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var appPort = FreePort.Next();
        var runFile = WriteRunFile(resources.Path, SampleApp(appPort, resources.Path));
        var output = new LinesWriter();
        using var stop = new CancellationTokenSource();

        var run = EmulatorRunner.RunAsync(runFile, output, stop.Token, dataDirectory: Path.Combine(resources.Path, ".dapr-emulator"));
        await output.WaitForLineAsync(l => l.Contains("all apps are running", StringComparison.Ordinal), ct);
        var pid = ProcessIdOf(output, "app sample: ");
        using (var app = System.Diagnostics.Process.GetProcessById(pid))
        {
            app.Kill(); // SIGKILL, as a crash or the OOM killer would end it
        }

        await output.WaitForLineAsync(l => l.Contains("app sample exited with code 137; restarting it in 1 s (restart 1); the other apps keep running", StringComparison.Ordinal), ct);
        await output.WaitForLineAsync(l => l.Contains("app sample is running again", StringComparison.Ordinal), ct);
        Assert.NotEqual(pid, ProcessIdOf(output, "app sample: restarted"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
        var settings = await http.GetFromJsonAsync<Dictionary<string, string?>>("/settings", ct);
        Assert.Equal("sample", settings!["APP_ID"]);

        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.False(FreePort.IsInUse(appPort), "the restarted app is stopped with the runner");
        Assert.True(File.Exists(Path.Combine(resources.Path, ".dapr-emulator", DaprEmulator.Storage.DurableStore.DatabaseFileName)));
    }

    [Fact]
    public void The_data_folder_is_next_to_the_run_file_unless_a_flag_or_the_environment_names_one()
    {
        var runFile = Path.Combine(Path.GetTempPath(), "suite", "dapr.yaml");

        Assert.Equal(Path.Combine(Path.GetTempPath(), "suite", ".dapr-emulator"), EmulatorCommandLine.DataDirectory(runFile, null, null));
        Assert.Equal(Path.GetFullPath("from-env"), EmulatorCommandLine.DataDirectory(runFile, null, "from-env"));
        Assert.Equal(Path.GetFullPath("from-flag"), EmulatorCommandLine.DataDirectory(runFile, "from-flag", "from-env"));
    }

    /// <summary>The process id in the last runner line that starts with <paramref name="prefix"/> ("… (process 1234…").</summary>
    private static int ProcessIdOf(LinesWriter output, string prefix)
    {
        var line = output.Lines.Last(l => l.Contains("== DAPR EMULATOR == " + prefix, StringComparison.Ordinal) && l.Contains("(process ", StringComparison.Ordinal));
        var at = line.IndexOf("(process ", StringComparison.Ordinal) + "(process ".Length;
        return int.Parse(new string([.. line[at..].TakeWhile(char.IsDigit)]), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_runner_fails_clearly_when_a_port_is_taken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var runFile = WriteRunFile(resources.Path, SampleApp(FreePort.Next(), resources.Path, daprHttpPort: takenPort));
        var output = new LinesWriter();

        var code = await EmulatorRunner.RunAsync(runFile, output, ct);

        Assert.Equal(1, code);
        Assert.Contains(output.Lines, l => l.Contains($"app sample: daprHTTPPort {takenPort} is already in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_runner_fails_clearly_when_an_app_exits()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var runFile = WriteRunFile(resources.Path, SampleApp(FreePort.Next(), resources.Path, dll: "no-such-app.dll"));
        var output = new LinesWriter();

        var code = await EmulatorRunner.RunAsync(runFile, output, ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(1, code);
        Assert.Contains(output.Lines, l => l.Contains("app sample exited with code", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_file_resolves_paths_and_merges_common_settings()
    {
        using var resources = TestResources.Default();
        var file = WriteRunFile(resources.Path, """
            version: 1
            common:
              resourcesPaths: [./components]
              env: { A: common, B: common }
              daprHTTPPort: 3599
            apps:
              - appDirPath: ./src/Ingest/
                appPort: 5101
                command: ["dotnet", "run", "--no-launch-profile"]
                env: { B: app }
              - appID: proc
                appDirPath: ./src/Processor
                resourcesPaths: [../other]
                command: ["dotnet", "run"]
            """);

        var apps = RunFile.Load(file);

        var ingest = apps[0];
        Assert.Equal("Ingest", ingest.AppId);
        Assert.Equal(Path.Combine(resources.Path, "src", "Ingest") + Path.DirectorySeparatorChar, ingest.AppDirPath);
        Assert.Equal([Path.Combine(resources.Path, "components")], ingest.ResourcesPaths);
        Assert.Equal(5101, ingest.AppPort);
        Assert.Equal(3599, ingest.DaprHttpPort);
        Assert.Equal("common", ingest.Env["A"]);
        Assert.Equal("app", ingest.Env["B"]);
        Assert.Equal([Path.Combine(resources.Path, "src", "other")], apps[1].ResourcesPaths);
        Assert.Null(apps[1].AppPort);
    }

    [Fact]
    public void A_run_file_gives_each_app_the_configuration_file_the_dapr_cli_would()
    {
        using var resources = TestResources.Default();
        Directory.CreateDirectory(Path.Combine(resources.Path, "src", "Local", ".dapr"));
        File.WriteAllText(Path.Combine(resources.Path, "src", "Local", ".dapr", "config.yaml"), "kind: Configuration\n");
        var file = WriteRunFile(resources.Path, """
            version: 1
            common:
              configFilePath: ./config/common.yaml
            apps:
              - appID: own
                appDirPath: ./src/Own/
                configFilePath: ../../config/own.yaml
                command: ["dotnet", "run"]
              - appID: local
                appDirPath: ./src/Local/
                command: ["dotnet", "run"]
              - appID: shared
                appDirPath: ./src/Shared/
                command: ["dotnet", "run"]
            """);

        var apps = RunFile.Load(file).ToDictionary(a => a.AppId);

        // The app's own path is relative to its appDirPath, common's to the run file; <appDirPath>/.dapr/config.yaml comes between.
        Assert.Equal(Path.Combine(resources.Path, "config", "own.yaml"), apps["own"].ConfigFilePath);
        Assert.Equal(Path.Combine(resources.Path, "src", "Local", ".dapr", "config.yaml"), apps["local"].ConfigFilePath);
        Assert.Equal(Path.Combine(resources.Path, "config", "common.yaml"), apps["shared"].ConfigFilePath);
    }
}
