using System.Text.Json;
using DaprEmulator.Resources;

namespace DaprEmulator.Secrets;

/// <summary>
/// A <c>secretstores.local.file</c> component: the secrets of a JSON file, read once, as daprd reads it when it
/// initialises the component. Nested objects and arrays are flattened into keys joined by <c>nestedSeparator</c>.
/// </summary>
public sealed class LocalFileSecretStore
{
    public const string ComponentType = "secretstores.local.file";

    private LocalFileSecretStore(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets) => Secrets = secrets;

    /// <summary>Secret name → its key/value pairs, as GetBulkSecret answers them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Secrets { get; }

    /// <summary>Reads the component's file; a store daprd could not initialise refuses the sidecar's start.</summary>
    public static LocalFileSecretStore Load(ComponentResource component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var file = component.Meta("secretsFile") is { Length: > 0 } configured
            ? ResolvePath(component, configured)
            : throw new DaprResourceException($"component {component.Name}: missing local secrets file in metadata (secretsFile)");
        var separator = component.Meta("nestedSeparator") is { Length: > 0 } s ? s : ":";
        var multiValued = string.Equals(component.Meta("multiValued"), "true", StringComparison.OrdinalIgnoreCase);

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            root = doc.RootElement.Clone();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new DaprResourceException($"component {component.Name}: cannot read secrets file {file}: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DaprResourceException($"component {component.Name}: secrets file {file} does not hold a JSON object");
        }

        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (multiValued)
        {
            // One level of secrets, each with its own flattened keys; other top-level values are skipped, as daprd does.
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    secrets[property.Name] = new Dictionary<string, string>(StringComparer.Ordinal) { [property.Name] = property.Value.GetString()! };
                }
                else if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    secrets[property.Name] = Flatten(component, property.Value, separator);
                }
            }
        }
        else
        {
            foreach (var (key, value) in Flatten(component, root, separator))
            {
                secrets[key] = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value };
            }
        }

        return new LocalFileSecretStore(secrets);
    }

    /// <summary>
    /// daprd opens the path from its working directory; the emulator's working directory is not the app's (tests run
    /// in one process), so a relative path is taken from the resources folder that holds the component.
    /// </summary>
    private static string ResolvePath(ComponentResource component, string configured) =>
        Path.IsPathRooted(configured)
            ? configured
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(component.SourceFile))!, configured));

    private static Dictionary<string, string> Flatten(ComponentResource component, JsonElement node, string separator)
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        Visit(node, null);
        return flat;

        void Visit(JsonElement element, string? path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Visit(property.Value, Join(path, property.Name));
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item, Join(path, index++.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    break;
                default:
                    // daprd refuses a key that two paths flatten to; which value it keeps then is undefined, so refuse the file.
                    if (!flat.TryAdd(path ?? string.Empty, Primitive(element)))
                    {
                        throw new DaprResourceException($"component {component.Name}: duplicate key {path} in the secrets file");
                    }

                    break;
            }
        }

        string Join(string? path, string name) => path is null ? name : path + separator + name;
    }

    private static string Primitive(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => string.Empty,
        _ => element.GetRawText(),
    };
}
