namespace CheckIns.Domain;

/// <summary>What <see cref="MonitorEngine.TimeOut"/> found when a check-in's timeout came due.</summary>
public enum TimeoutVerdict
{
    /// <summary>It was in progress past its timeout_at and is now TIMEOUT (with the effects of R94).</summary>
    TimedOut = 0,

    /// <summary>It was closed (or left the window) before its timeout: nothing to do.</summary>
    Finished = 1,

    /// <summary>A heartbeat moved its timeout_at later: wait until <see cref="TimeoutResult.RunningUntil"/>.</summary>
    StillRunning = 2,

    /// <summary>The monitor or the environment is disabled (or gone): timeouts are not detected (R91).</summary>
    NotWatched = 3,
}
