using System.Text.Json;
using System.Text.Json.Serialization;
using CheckIns.Incidents.Api;
using CheckIns.Incidents.Handling;
using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents;

/// <summary>Source-generated JSON for the app's stored state and its HTTP API; snake_case like the messages.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IssueRecord))]
[JsonSerializable(typeof(ProjectIssueIndex))]
[JsonSerializable(typeof(IncidentView))]
[JsonSerializable(typeof(IReadOnlyList<IncidentView>))]
[JsonSerializable(typeof(SubscriptionReply))]
public sealed partial class IncidentsJsonContext : JsonSerializerContext;
