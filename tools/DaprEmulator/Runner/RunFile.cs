using System.Globalization;
using DaprEmulator.Resources;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DaprEmulator.Runner;

/// <summary>One app of a <c>dapr.yaml</c> multi-app run file, with paths resolved (DAPR.md §4.1).</summary>
public sealed record RunApp(
    string AppId,
    string AppDirPath,
    int? AppPort,
    int? DaprHttpPort,
    int? DaprGrpcPort,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> ResourcesPaths,
    string? ConfigFilePath = null);

/// <summary>Reads the <c>dapr run -f</c> template: <c>version</c>, <c>common</c> and <c>apps</c>.</summary>
public static class RunFile
{
    public static IReadOnlyList<RunApp> Load(string file)
    {
        if (!File.Exists(file))
        {
            throw new RunFileException($"run file {file} does not exist");
        }

        object? doc;
        try
        {
            doc = new DeserializerBuilder().Build().Deserialize<object?>(File.ReadAllText(file));
        }
        catch (YamlException ex)
        {
            throw new RunFileException($"{file}: invalid YAML: {ex.Message}");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        if (doc.Str("version") is null)
        {
            throw new RunFileException($"{file}: 'version' is required (use version: 1)");
        }

        var common = doc.Get("common");
        var commonEnv = Env(common);
        var commonResources = Paths(common, baseDir);
        var apps = new List<RunApp>();
        foreach (var app in doc.List("apps"))
        {
            var dir = app.Str("appDirPath") ?? throw new RunFileException($"{file}: every app needs appDirPath");
            var appDir = Path.GetFullPath(Path.Combine(baseDir, dir));
            var appId = app.Str("appID") ?? Path.GetFileName(appDir.TrimEnd(Path.DirectorySeparatorChar));
            var command = app.List("command").Select(c => c.AsString()!).ToList();
            if (command.Count == 0)
            {
                command = common.List("command").Select(c => c.AsString()!).ToList();
            }

            if (command.Count == 0)
            {
                throw new RunFileException($"{file}: app {appId} has no command");
            }

            var env = new Dictionary<string, string>(commonEnv);
            foreach (var (k, v) in Env(app))
            {
                env[k] = v;
            }

            // Precedence: the app's resourcesPaths, then <appDirPath>/.dapr/resources, then common's.
            var resources = Paths(app, appDir);
            if (resources.Count == 0)
            {
                var local = Path.Combine(appDir, ".dapr", "resources");
                resources = Directory.Exists(local) ? [local] : commonResources;
            }

            // Precedence as for resources: the app's configFilePath, then <appDirPath>/.dapr/config.yaml, then common's.
            var config = app.Str("configFilePath") is { } own ? Path.GetFullPath(Path.Combine(appDir, own)) : null;
            if (config is null)
            {
                var local = Path.Combine(appDir, ".dapr", "config.yaml");
                config = File.Exists(local) ? local : common.Str("configFilePath") is { } shared ? Path.GetFullPath(Path.Combine(baseDir, shared)) : null;
            }

            apps.Add(new RunApp(
                appId,
                appDir,
                Int(app, common, "appPort", file),
                Int(app, common, "daprHTTPPort", file),
                Int(app, common, "daprGRPCPort", file),
                command,
                env,
                resources,
                config));
        }

        if (apps.Count == 0)
        {
            throw new RunFileException($"{file}: no apps");
        }

        var duplicate = apps.GroupBy(a => a.AppId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RunFileException($"{file}: app id {duplicate.Key} is used twice");
        }

        return apps;
    }

    private static Dictionary<string, string> Env(object? node) =>
        node.Map("env").ToDictionary(kv => kv.Key, kv => kv.Value.AsString() ?? string.Empty, StringComparer.Ordinal);

    private static List<string> Paths(object? node, string relativeTo)
    {
        var paths = node.List("resourcesPaths").Select(p => p.AsString()!).ToList();
        if (node.Str("resourcesPath") is { } single)
        {
            paths.Add(single);
        }

        return paths.Select(p => Path.GetFullPath(Path.Combine(relativeTo, p))).Distinct().ToList();
    }

    private static int? Int(object? app, object? common, string key, string file)
    {
        var text = app.Str(key) ?? (key == "appPort" ? null : common.Str(key));
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
            ? value
            : throw new RunFileException($"{file}: {key} \"{text}\" is not a port number");
    }
}

public sealed class RunFileException(string message) : Exception(message);
