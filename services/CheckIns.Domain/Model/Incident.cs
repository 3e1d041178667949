namespace CheckIns.Domain.Model;

/// <summary>An incident of one monitor environment (SEMANTICS R13); active while <see cref="ResolvingCheckInId"/> is null.</summary>
public sealed record Incident
{
    public required string Id { get; init; }

    /// <summary>The grouphash: the issue fingerprint. Stable per environment (D13).</summary>
    public required string Fingerprint { get; init; }

    public required Guid StartingCheckInId { get; init; }

    public required DateTimeOffset StartingTimestamp { get; init; }

    public Guid? ResolvingCheckInId { get; init; }

    public DateTimeOffset? ResolvingTimestamp { get; init; }

    public required DateTimeOffset DateAdded { get; init; }

    public bool IsActive => ResolvingCheckInId is null;
}
