using System.Text.Json;
using System.Text.Json.Serialization;

namespace CheckIns.Processor.Apis;

/// <summary>
/// One processing error in a project's list, with the check-in that caused it: <c>group</c> says where SEMANTICS
/// R105 keeps it ("project" when no monitor existed for the slug, "monitor" otherwise, where <c>monitor_url</c>
/// reads it on its monitor); <c>payload</c> is the check-in as the client sent it.
/// </summary>
public sealed record ProjectProcessingErrorView(
    string Id,
    string MessageId,
    DateTimeOffset ReceivedAt,
    string Group,
    string MonitorSlug,
    string? Environment,
    string? CheckInId,
    IReadOnlyList<ProcessingErrorDetailView> Errors,
    JsonElement? Payload,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MonitorUrl);
