using System.Text.Json;
using System.Text.RegularExpressions;
using DaprEmulator.Core;

namespace DaprEmulator.PubSub;

/// <summary>
/// A small subset of the CEL expressions daprd accepts in routing rules: comparisons of a CloudEvent
/// field with a string literal (<c>event.type == "x"</c>, <c>event.data.kind != "y"</c>), joined by
/// <c>&amp;&amp;</c> or <c>||</c>. Anything else is refused when the subscription is loaded.
/// </summary>
public static partial class RouteMatcher
{
    [GeneratedRegex("""^\s*event\.(?<path>[A-Za-z0-9_.]+)\s*(?<op>==|!=)\s*(?:"(?<v>[^"]*)"|'(?<v>[^']*)')\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonRegex();

    public static Func<JsonElement, bool> Compile(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return _ => true;
        }

        var orParts = expression.Split("||");
        var alternatives = orParts.Select(part => part.Split("&&").Select(CompileComparison).ToList()).ToList();
        return ev => alternatives.Any(all => all.TrueForAll(c => c(ev)));
    }

    private static Func<JsonElement, bool> CompileComparison(string text)
    {
        var m = ComparisonRegex().Match(text);
        if (!m.Success)
        {
            throw new DaprApiException(DaprErrorCodes.BadRequest, $"unsupported routing rule expression \"{text.Trim()}\": the emulator supports event.<field> == \"value\" joined by && or ||");
        }

        var path = m.Groups["path"].Value.Split('.');
        var expected = m.Groups["v"].Value;
        var equal = m.Groups["op"].Value == "==";
        return ev =>
        {
            var node = ev;
            foreach (var segment in path)
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
                {
                    return !equal;
                }
            }

            var actual = node.ValueKind == JsonValueKind.String ? node.GetString() : node.GetRawText();
            return string.Equals(actual, expected, StringComparison.Ordinal) == equal;
        };
    }
}
