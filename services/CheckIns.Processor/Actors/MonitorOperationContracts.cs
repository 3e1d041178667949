using CheckIns.Contracts;
using CheckIns.Processor.ProcessingErrors;

namespace CheckIns.Processor.Actors;

/// <summary>
/// What one operation on a monitor did: a check-in applied, a timeout, or a tick. The actor keeps the reply of an
/// operation that produced events (or started a durable wait) under its id, so a repeated operation — a workflow
/// activity runs at least once — gets the same outcome and the same events back instead of "nothing happened".
/// <see cref="ProjectError"/> is the processing error of a check-in whose monitor does not exist, for the
/// workflow to keep in the project's list (SEMANTICS R105).
/// </summary>
public sealed record OperationReply(
    string OperationId,
    string Outcome,
    string? ProcessingError,
    IReadOnlyList<MonitorStatusEvent> Events,
    TimeoutWatch? Timeout = null,
    DateTimeOffset? RunningUntil = null,
    ProjectErrorEntry? ProjectError = null)
{
    /// <summary>The check-in changed the monitor (or was tolerated).</summary>
    public const string Applied = "applied";

    /// <summary>Refused with a processing error recorded in the monitor.</summary>
    public const string Rejected = "rejected";

    /// <summary>Applied before, outside the kept replies: nothing changed and no event is due.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The running check-in's timeout passed: it is TIMEOUT now.</summary>
    public const string TimedOut = "timed_out";

    /// <summary>The check-in was closed before its timeout, or its monitor is disabled: nothing to do.</summary>
    public const string Finished = "finished";

    /// <summary>A heartbeat moved its timeout later: see <see cref="RunningUntil"/>.</summary>
    public const string StillRunning = "still_running";

    /// <summary>Missed detection ran.</summary>
    public const string Ticked = "ticked";
}

/// <summary>
/// A running check-in whose timeout must be watched (<see cref="TimeoutAt"/> set), or one that closed and whose
/// watch can end (<see cref="TimeoutAt"/> null).
/// </summary>
public sealed record TimeoutWatch(string MonitorKey, string Environment, Guid CheckInId, DateTimeOffset? TimeoutAt);

/// <summary>The timeout of one check-in came due at <see cref="Now"/> (workflow time).</summary>
/// <remarks><see cref="Abnormal"/>: the timeout fell inside a stream outage (SEMANTICS R95).</remarks>
public sealed record TimeoutRequest(string OperationId, string Environment, Guid CheckInId, DateTimeOffset Now, bool Abnormal = false);

/// <summary>Missed detection at <see cref="Now"/> (workflow time) for the wake-up the operation id names.</summary>
/// <remarks><see cref="Abnormal"/>: the deadline fell inside a stream outage (SEMANTICS R100).</remarks>
public sealed record TickRequest(string OperationId, DateTimeOffset Now, bool Abnormal = false);
