using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using CheckIns.Processor.ProcessingErrors;

namespace CheckIns.Processor.Workflows;

/// <summary>What a check-in's workflow did, as its output.</summary>
public sealed record CheckInWorkflowResult(string Outcome, string? ProcessingError, int Events);

/// <summary>One status event to publish for a monitor (the partition key).</summary>
public sealed record PublishRequest(string MonitorKey, MonitorStatusEvent Event);

/// <summary>The events of the operation were published: the monitor may forget them.</summary>
public sealed record AcknowledgeRequest(string MonitorKey, string OperationId);

/// <summary>Input of <see cref="CheckInTimeoutWorkflow"/>: the running check-in and its timeout_at.</summary>
public sealed record TimeoutWaitInput(string MonitorKey, string Environment, Guid CheckInId, DateTimeOffset TimeoutAt);

/// <summary>Raised on a running check-in's wait by a later check-in: a new timeout_at (heartbeat), or closed.</summary>
public sealed record CheckInSignal(DateTimeOffset? TimeoutAt, bool Closed);

/// <summary>Input of the timeout activity: which check-in, and the workflow's time.</summary>
public sealed record TimeOutCheckInInput(string MonitorKey, TimeoutRequest Request);

/// <summary>Input of <see cref="MonitorTickWorkflow"/> and its activity.</summary>
public sealed record TickInput(string MonitorKey, DateTimeOffset Deadline, DateTimeOffset? Now = null, bool Abnormal = false);

/// <summary>Input of <see cref="RecordProjectErrorActivity"/>: the project and the error of its unknown monitor.</summary>
public sealed record RecordProjectErrorRequest(long ProjectId, ProjectErrorEntry Entry);
