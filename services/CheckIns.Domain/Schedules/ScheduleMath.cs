using CheckIns.Domain.Model;

namespace CheckIns.Domain.Schedules;

/// <summary>
/// Next and previous schedule times, margins and runtimes (SEMANTICS §12, R61, R64). All results are
/// UTC instants; crontab fields and interval steps are read in the monitor's zone (R82).
/// </summary>
public static class ScheduleMath
{
    public const int DefaultMarginMinutes = 1;
    public const int DefaultMaxRuntimeMinutes = 30;
    public const int MaxTimeoutMinutes = 40_320;
    public const int MaxMarginMinutes = 40_320;

    // The answer depends only on the config and the reference minute; a busy monitor asks the same
    // question for every check-in of a minute.
    [ThreadStatic]
    private static MonitorConfig? t_lastConfig;
    [ThreadStatic]
    private static long t_lastMinuteTicks;
    [ThreadStatic]
    private static DateTimeOffset t_lastNext;

    /// <summary>R83/R84: the next expected time strictly after <paramref name="reference"/>, seconds zeroed.</summary>
    public static DateTimeOffset Next(MonitorConfig config, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(config);
        var minute = Minutes.Truncate(reference).UtcTicks;
        if (ReferenceEquals(config, t_lastConfig) && minute == t_lastMinuteTicks)
        {
            return t_lastNext;
        }

        var next = Compute(config, reference);
        t_lastConfig = config;
        t_lastMinuteTicks = minute;
        t_lastNext = next;
        return next;
    }

    private static DateTimeOffset Compute(MonitorConfig config, DateTimeOffset reference)
    {
        var zone = TimeZones.Resolve(config.Timezone);
        if (config.ScheduleType == ScheduleType.Interval)
        {
            var local = TimeZones.ToLocal(reference, zone);
            var next = IntervalMath.Next(local, Math.Max(1, config.IntervalCount ?? 1), config.IntervalUnit ?? IntervalUnit.Minute);
            return Minutes.Truncate(TimeZones.FromLocal(next, zone));
        }

        var crontab = Crontab.TryGet(config.Crontab ?? string.Empty);
        var occurrence = crontab?.Next(Minutes.Truncate(reference), zone);

        // A stored crontab was validated to fire; the fallback only guards against a hand-edited state.
        return occurrence is { } o ? o.ToUniversalTime() : Minutes.Truncate(reference).AddMinutes(1);
    }

    /// <summary>R85: the most recent slot strictly before <paramref name="reference"/>; interval slots start at <paramref name="start"/>.</summary>
    public static DateTimeOffset Previous(MonitorConfig config, DateTimeOffset start, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(config);
        var zone = TimeZones.Resolve(config.Timezone);
        if (config.ScheduleType == ScheduleType.Interval)
        {
            var slot = IntervalMath.Previous(
                TimeZones.ToLocal(start, zone),
                TimeZones.ToLocal(reference, zone),
                Math.Max(1, config.IntervalCount ?? 1),
                config.IntervalUnit ?? IntervalUnit.Minute,
                local => TimeZones.FromLocal(local, zone));
            return TimeZones.FromLocal(slot, zone);
        }

        var crontab = Crontab.TryGet(config.Crontab ?? string.Empty);
        var occurrence = crontab?.Previous(reference, zone);
        return occurrence is { } o ? o.ToUniversalTime() : start.ToUniversalTime();
    }

    /// <summary>R86: checkin_margin minutes when set and not 0, else 1.</summary>
    public static TimeSpan Margin(MonitorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var minutes = config.CheckInMargin is > 0 and int m ? Math.Min(m, MaxMarginMinutes) : DefaultMarginMinutes;
        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>R61: max_runtime minutes when set and not 0, else 30, capped at 40 320.</summary>
    public static TimeSpan MaxRuntime(MonitorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var minutes = config.MaxRuntime is > 0 and int m ? Math.Min(m, MaxTimeoutMinutes) : DefaultMaxRuntimeMinutes;
        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>R64/R86: (next_checkin, next_checkin_latest) for a reference time.</summary>
    public static (DateTimeOffset Next, DateTimeOffset Latest) Expected(MonitorConfig config, DateTimeOffset reference)
    {
        var next = Next(config, reference);
        return (next, next + Margin(config));
    }
}
