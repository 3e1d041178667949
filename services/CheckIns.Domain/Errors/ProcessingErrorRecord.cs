using System.Text.Json;

namespace CheckIns.Domain.Errors;

/// <summary>
/// A stored processing-error record (SEMANTICS R104): the rejected message and every error it raised.
/// <see cref="Id"/> derives from the message id, so re-running a turn yields the same record.
/// </summary>
public sealed record ProcessingErrorRecord
{
    public required string Id { get; init; }

    public required string MessageId { get; init; }

    /// <summary>Ingest time of the message; ordering and the 7-day lifetime use it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The check-in object as the client sent it.</summary>
    public JsonElement? Payload { get; init; }

    public required IReadOnlyList<ProcessingError> Errors { get; init; }
}
