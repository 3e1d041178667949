using DaprEmulator.Core;
using DaprEmulator.Workflows;

namespace DaprEmulator.Resources;

/// <summary>
/// A sidecar's <c>kind: Configuration</c> file (daprd's <c>--config</c>, a run file's <c>configFilePath</c>). The emulator
/// reads what it acts on, <c>spec.workflow.stateRetentionPolicy</c>; the rest of the spec is accepted and not used.
/// </summary>
public sealed record ConfigurationResource(string Name, WorkflowRetentionPolicy? WorkflowRetention, string SourceFile)
{
    /// <summary>Reads the file, refusing what daprd refuses at start: a missing file, another kind, a duration it cannot parse.</summary>
    public static ConfigurationResource Load(string file)
    {
        if (!File.Exists(file))
        {
            throw new DaprResourceException($"configuration file {file} does not exist");
        }

        var name = Path.GetFileName(file);
        var doc = ResourceLoader.ReadDocuments(file).FirstOrDefault(d => d.Str("kind") == "Configuration")
            ?? throw new DaprResourceException($"{name}: no document of kind Configuration");
        var policy = doc.Get("spec").Get("workflow").Get("stateRetentionPolicy");
        var retention = policy is null
            ? null
            : new WorkflowRetentionPolicy(
                Duration(policy, "anyTerminal", name),
                Duration(policy, "completed", name),
                Duration(policy, "failed", name),
                Duration(policy, "terminated", name));
        return new ConfigurationResource(doc.Get("metadata").Str("name") ?? name, retention, file);
    }

    private static TimeSpan? Duration(object policy, string key, string file)
    {
        var text = policy.Str(key);
        if (text is null)
        {
            return null;
        }

        return DaprDuration.TryParse(text, out var value) && value >= TimeSpan.Zero
            ? value
            : throw new DaprResourceException($"{file}: spec.workflow.stateRetentionPolicy.{key} \"{text}\" is not a duration such as 72h or 30m");
    }
}
