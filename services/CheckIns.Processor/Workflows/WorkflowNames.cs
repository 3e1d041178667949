namespace CheckIns.Processor.Workflows;

/// <summary>The names workflows and activities are registered and scheduled under.</summary>
public static class WorkflowNames
{
    public const string CheckIn = nameof(CheckInWorkflow);
    public const string CheckInTimeout = nameof(CheckInTimeoutWorkflow);
    public const string MonitorTick = nameof(MonitorTickWorkflow);

    public const string ApplyCheckIn = nameof(ApplyCheckInActivity);
    public const string WatchTimeout = nameof(WatchTimeoutActivity);
    public const string PublishStatusEvent = nameof(PublishStatusEventActivity);
    public const string AcknowledgeOperation = nameof(AcknowledgeOperationActivity);
    public const string TimeOutCheckIn = nameof(TimeOutCheckInActivity);
    public const string TickMonitor = nameof(TickMonitorActivity);
    public const string RecordProjectError = nameof(RecordProjectErrorActivity);
    public const string AwaitStreamClock = nameof(AwaitStreamClockActivity);

    /// <summary>The external event the stream clock raises on a waiting tick or timeout once it passed its deadline.</summary>
    public const string StreamClockPassed = "stream-clock";

    /// <summary>The external event a later check-in with the same check_in_id raises on the running check-in's wait.</summary>
    public const string CheckInSignal = "check-in";

    /// <summary>The custom status of a check-in's workflow once the check-in is applied and its wait started.</summary>
    public const string AppliedStatus = "applied";
}
