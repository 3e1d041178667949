using System.Text.Json;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Tests.Storage;

/// <summary>
/// <c>resources/monitor-state-v1.json</c>: a monitor's state exactly as the processor saved it before the stored
/// schema was apart from the model (no schema version field), and the serializer options the actor state manager
/// writes and reads actor state with.
/// </summary>
public static class SavedStateFixture
{
    public const string MonitorKey = "42:nightly-backup";

    /// <summary>The options the Dapr actor runtime uses for state when the app sets none (the processor sets none).</summary>
    public static JsonSerializerOptions ActorStateJson { get; } = new ActorRuntimeOptions().JsonSerializerOptions;

    public static string Json { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "resources", "monitor-state-v1.json")).TrimEnd();
}
