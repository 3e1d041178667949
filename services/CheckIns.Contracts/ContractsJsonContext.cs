using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheckIns.Contracts;

/// <summary>Source-generated JSON for every message between the apps; snake_case on the wire, like Sentry's.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckInMessage))]
[JsonSerializable(typeof(MonitorStatusEvent))]
[JsonSerializable(typeof(IssueOccurrenceMessage))]
[JsonSerializable(typeof(StatusChangeMessage))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
