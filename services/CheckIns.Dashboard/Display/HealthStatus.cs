using CheckIns.Dashboard.Reading;

namespace CheckIns.Dashboard.Display;

/// <summary>What a monitor environment looks like on the page: one of these, always shown as a word and a colour.</summary>
public enum HealthStatus
{
    Ok,
    Error,
    Missed,
    Timeout,
    InProgress,
    Muted,
    Disabled,
    Waiting,
}

public static class Health
{
    /// <summary>
    /// Disabled before muted before the rest, as the processor applies them (D16): a disabled environment takes no
    /// check-ins and a muted one opens no incident, whatever its last check-in was. A failing environment shows how
    /// its last check-in failed (the processor's status says only "error").
    /// </summary>
    public static HealthStatus Of(string monitorStatus, EnvironmentDetail environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var latest = environment.RecentCheckins.Count > 0 ? environment.RecentCheckins[0] : null;
        return Of(monitorStatus, environment.Status, environment.IsMuted, latest?.Status);
    }

    /// <summary>The same from a listing, which carries no check-ins: a failure is then just an error.</summary>
    public static HealthStatus Of(string monitorStatus, EnvironmentSummary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Of(monitorStatus, environment.Status, environment.IsMuted, latestCheckIn: null);
    }

    private static HealthStatus Of(string monitorStatus, string environmentStatus, bool isMuted, string? latestCheckIn)
    {
        if (monitorStatus == "disabled" || environmentStatus == "disabled")
        {
            return HealthStatus.Disabled;
        }

        if (isMuted)
        {
            return HealthStatus.Muted;
        }

        if (latestCheckIn == "in_progress")
        {
            return HealthStatus.InProgress;
        }

        return environmentStatus switch
        {
            "error" => latestCheckIn switch
            {
                "missed" => HealthStatus.Missed,
                "timeout" => HealthStatus.Timeout,
                _ => HealthStatus.Error,
            },
            "ok" => HealthStatus.Ok,
            _ => HealthStatus.Waiting,
        };
    }

    public static bool IsFailing(this HealthStatus status) => status is HealthStatus.Error or HealthStatus.Missed or HealthStatus.Timeout;

    /// <summary>The word on the badge.</summary>
    public static string Label(this HealthStatus status) => status switch
    {
        HealthStatus.Ok => "ok",
        HealthStatus.Error => "error",
        HealthStatus.Missed => "missed",
        HealthStatus.Timeout => "timeout",
        HealthStatus.InProgress => "in progress",
        HealthStatus.Muted => "muted",
        HealthStatus.Disabled => "disabled",
        _ => "waiting",
    };

    /// <summary>The CSS class that colours a badge or tick.</summary>
    public static string Css(this HealthStatus status) => "s-" + status.ToString().ToLowerInvariant();

    /// <summary>The colour class of one check-in's tick, from its status as the processor names it.</summary>
    public static string CheckInCss(string status) => status switch
    {
        "ok" => "s-ok",
        "error" => "s-error",
        "missed" => "s-missed",
        "timeout" => "s-timeout",
        "in_progress" => "s-inprogress",
        _ => "s-waiting",
    };

    public static string CheckInLabel(string status) => status == "in_progress" ? "in progress" : status;
}
