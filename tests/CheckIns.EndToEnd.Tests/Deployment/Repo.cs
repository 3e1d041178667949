using System.Reflection;
using DaprEmulator.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary>Reads the repository's YAML files (with compose's merge keys resolved).</summary>
public static class Repo
{
    public static YamlMappingNode LoadYaml(string relative)
    {
        using var reader = new StreamReader(RepositoryRoot.PathOf(relative));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        var document = Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(document.RootNode);
    }

    public static IEnumerable<string> YamlFilesIn(string relativeFolder) =>
        Directory.EnumerateFiles(RepositoryRoot.PathOf(relativeFolder), "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The public string constants of a contracts class, e.g. every app id.</summary>
    public static IReadOnlySet<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
}

/// <summary>Small readers over YamlDotNet's node model, failing the test with the path of what is missing.</summary>
public static class Yaml
{
    public static YamlNode? Find(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlNode Get(this YamlNode node, string key) =>
        node.Find(key) ?? throw new Xunit.Sdk.XunitException($"Missing key \"{key}\" at {node.Start}.");

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"\"{key}\" at {node.Start} is not a mapping.");

    public static string Str(this YamlNode node, string key) =>
        (node.Get(key) as YamlScalarNode)?.Value ?? throw new Xunit.Sdk.XunitException($"\"{key}\" at {node.Start} is not a scalar.");

    public static string? StrOrNull(this YamlNode node, string key) => (node.Find(key) as YamlScalarNode)?.Value;

    public static int Int(this YamlNode node, string key) =>
        int.Parse(node.Str(key), System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<YamlNode> Seq(this YamlNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.ToList() ?? throw new Xunit.Sdk.XunitException($"\"{key}\" at {node.Start} is not a sequence.");

    public static IReadOnlyList<string> Strings(this YamlNode node, string key) =>
        [.. node.Seq(key).Select(n => ((YamlScalarNode)n).Value!)];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode map) =>
        map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, kv.Value));
}
