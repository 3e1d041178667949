namespace CheckIns.Domain.Model;

/// <summary>One check-in of a monitor environment (SEMANTICS R12).</summary>
public sealed record CheckIn
{
    public required Guid Id { get; init; }

    public required CheckInStatus Status { get; init; }

    /// <summary>Milliseconds, 0 … 2 147 483 647, or null.</summary>
    public int? DurationMs { get; init; }

    /// <summary>When the job started: the ingest time of the message that created it (D1), or the slot for a miss (R92).</summary>
    public required DateTimeOffset DateAdded { get; init; }

    /// <summary>Refreshed by heartbeats and closing messages (R54, D4).</summary>
    public required DateTimeOffset DateUpdated { get; init; }

    /// <summary>The ingest time truncated to the minute (D2).</summary>
    public required DateTimeOffset DateClock { get; init; }

    /// <summary>Ingest time of the in-progress message, if one was sent (D3).</summary>
    public DateTimeOffset? DateInProgress { get; init; }

    /// <summary>The environment's next_checkin before this check-in was applied (R58).</summary>
    public DateTimeOffset? ExpectedTime { get; init; }

    /// <summary>Set only while in progress (R60, R61).</summary>
    public DateTimeOffset? TimeoutAt { get; init; }

    /// <summary>32-hex trace id from contexts.trace.trace_id.</summary>
    public string? TraceId { get; init; }

    /// <summary>The body of the Healthchecks ping that last wrote it (its job's output, cut to the ping body limit).</summary>
    public string? Body { get; init; }

    /// <summary>The message that created the check-in; null for synthetic (missed) check-ins.</summary>
    public string? MessageId { get; init; }
}
