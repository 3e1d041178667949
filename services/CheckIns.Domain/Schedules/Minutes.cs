namespace CheckIns.Domain.Schedules;

/// <summary>Minute arithmetic on instants; every clock in the rules is minute-grained (R83, R88).</summary>
internal static class Minutes
{
    private const long TicksPerMinute = TimeSpan.TicksPerMinute;

    /// <summary>Truncates to the minute and normalises to UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMinute), TimeSpan.Zero);
    }

    public static DateTime Truncate(DateTime value) => new(value.Ticks - (value.Ticks % TicksPerMinute), value.Kind);
}
