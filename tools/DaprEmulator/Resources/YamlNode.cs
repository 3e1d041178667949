using System.Globalization;

namespace DaprEmulator.Resources;

/// <summary>Navigation helpers over the untyped tree YamlDotNet gives for a document.</summary>
internal static class YamlNode
{
    public static object? Get(this object? node, string key) =>
        node is IDictionary<object, object> map && map.TryGetValue(key, out var value) ? value : null;

    public static string? Str(this object? node, string key) => node.Get(key) switch
    {
        null => null,
        string s => s,
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static IEnumerable<object> List(this object? node, string key) =>
        node.Get(key) as IEnumerable<object> is { } list && node.Get(key) is not string ? list : [];

    public static IEnumerable<KeyValuePair<string, object?>> Map(this object? node, string key) =>
        node.Get(key) is IDictionary<object, object> map
            ? map.Select(kv => new KeyValuePair<string, object?>(Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!, kv.Value))
            : [];

    public static string? AsString(this object? value) => value switch
    {
        null => null,
        string s => s,
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
