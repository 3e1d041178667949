using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Domain.Tests.Schedules;

/// <summary>
/// SEMANTICS R82–R84 across both DST transitions in several real zones. Offsets are spelled out:
/// "01:59 -05:00 ///gap/// 03:00 -04:00".
/// </summary>
public sealed class DaylightSavingTests
{
    private static MonitorConfig Cron(string expression, string zone) =>
        new() { ScheduleType = ScheduleType.Crontab, Crontab = expression, Timezone = zone };

    private static MonitorConfig Every(int count, IntervalUnit unit, string zone) =>
        new() { ScheduleType = ScheduleType.Interval, IntervalCount = count, IntervalUnit = unit, Timezone = zone };

    [Theory]
    // Spring: the minute after the last one before the gap is the first one after it.
    [InlineData("America/New_York", "2024-03-10T01:59:00-05:00", "2024-03-10T03:00:00-04:00")]
    [InlineData("Europe/Berlin", "2024-03-31T01:59:00+01:00", "2024-03-31T03:00:00+02:00")]
    [InlineData("Australia/Sydney", "2024-10-06T01:59:00+10:00", "2024-10-06T03:00:00+11:00")]
    [InlineData("Australia/Lord_Howe", "2024-10-06T01:59:00+10:30", "2024-10-06T02:30:00+11:00")]
    // Autumn: an every-minute schedule runs through both passes of the repeated hour (the next real minute).
    [InlineData("America/New_York", "2024-11-03T01:59:00-04:00", "2024-11-03T01:00:00-05:00")]
    [InlineData("Europe/Berlin", "2024-10-27T02:59:00+02:00", "2024-10-27T02:00:00+01:00")]
    [InlineData("Australia/Sydney", "2024-04-07T02:59:00+11:00", "2024-04-07T02:00:00+10:00")]
    [InlineData("Australia/Lord_Howe", "2024-04-07T01:59:00+11:00", "2024-04-07T01:30:00+10:30")]
    public void R83_EveryMinute_IsTheNextRealMinuteAcrossTransitions(string zone, string from, string expected)
    {
        var next = ScheduleMath.Next(Cron("* * * * *", zone), At(from));
        Assert.Equal(At(expected), next);
        Assert.Equal(TimeSpan.FromMinutes(1), next - At(from));
    }

    [Theory]
    [InlineData("America/New_York", "2024-03-09T12:00:00-05:00", "2024-03-10T12:00:00-04:00")]
    [InlineData("America/New_York", "2024-11-02T12:00:00-04:00", "2024-11-03T12:00:00-05:00")]
    [InlineData("Europe/Berlin", "2024-03-30T12:00:00+01:00", "2024-03-31T12:00:00+02:00")]
    [InlineData("Europe/Berlin", "2024-10-26T12:00:00+02:00", "2024-10-27T12:00:00+01:00")]
    [InlineData("Australia/Sydney", "2024-04-06T12:00:00+11:00", "2024-04-07T12:00:00+10:00")]
    [InlineData("Australia/Sydney", "2024-10-05T12:00:00+10:00", "2024-10-06T12:00:00+11:00")]
    public void R83_Daily_StaysAtLocalWallClockAcrossTransitions(string zone, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Cron("0 12 * * *", zone), At(from)));

    [Theory]
    // A daily time inside the spring gap runs at the first valid minute after it (Cronos; nothing is skipped).
    [InlineData("America/New_York", "2024-03-09T02:30:00-05:00", "2024-03-10T03:00:00-04:00")]
    [InlineData("Europe/Berlin", "2024-03-30T02:30:00+01:00", "2024-03-31T03:00:00+02:00")]
    public void R83_DailyInsideSpringGap_RunsRightAfterTheGap(string zone, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Cron("30 2 * * *", zone), At(from)));

    [Theory]
    // A daily time inside the repeated autumn hour runs once, at its first pass.
    [InlineData("America/New_York", "30 1 * * *", "2024-11-02T01:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00")]
    [InlineData("Europe/Berlin", "30 2 * * *", "2024-10-26T02:30:00+02:00", "2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00")]
    [InlineData("Australia/Sydney", "30 2 * * *", "2024-04-06T02:30:00+11:00", "2024-04-07T02:30:00+11:00", "2024-04-08T02:30:00+10:00")]
    public void R83_DailyInsideAutumnOverlap_RunsOnce(string zone, string expression, string from, string first, string second)
    {
        var config = Cron(expression, zone);
        var one = ScheduleMath.Next(config, At(from));
        Assert.Equal(At(first), one);
        Assert.Equal(At(second), ScheduleMath.Next(config, one));
    }

    [Theory]
    // Interval steps are wall-clock arithmetic in the zone, as Sentry's rrule on an aware datetime.
    [InlineData("America/New_York", 1, IntervalUnit.Day, "2024-03-09T12:00:00-05:00", "2024-03-10T12:00:00-04:00")]
    [InlineData("America/New_York", 1, IntervalUnit.Day, "2024-11-02T12:00:00-04:00", "2024-11-03T12:00:00-05:00")]
    [InlineData("Europe/Berlin", 1, IntervalUnit.Week, "2024-03-25T08:00:00+01:00", "2024-04-01T08:00:00+02:00")]
    [InlineData("Australia/Sydney", 1, IntervalUnit.Day, "2024-04-06T09:00:00+11:00", "2024-04-07T09:00:00+10:00")]
    // An hour step into the spring gap lands one real hour later.
    [InlineData("America/New_York", 1, IntervalUnit.Hour, "2024-03-10T01:30:00-05:00", "2024-03-10T03:30:00-04:00")]
    // An hour step into the repeated hour takes its first pass.
    [InlineData("America/New_York", 1, IntervalUnit.Hour, "2024-11-03T00:30:00-04:00", "2024-11-03T01:30:00-04:00")]
    public void R84_Interval_IsWallClockArithmeticInTheZone(string zone, int count, IntervalUnit unit, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Every(count, unit, zone), At(from)));

    [Theory]
    // The previous slot agrees with the next one: a daily time inside the gap was run right after it.
    [InlineData("Europe/Berlin", "30 2 * * *", "2024-03-31T03:01:00+02:00", "2024-03-31T03:00:00+02:00")]
    [InlineData("America/New_York", "30 2 * * *", "2024-03-10T03:01:00-04:00", "2024-03-10T03:00:00-04:00")]
    [InlineData("America/New_York", "30 1 * * *", "2024-11-03T01:10:00-05:00", "2024-11-03T01:30:00-04:00")]
    [InlineData("Australia/Sydney", "0 12 * * *", "2024-10-06T11:00:00+11:00", "2024-10-05T12:00:00+10:00")]
    public void R85_Previous_AcrossTransitions(string zone, string expression, string reference, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Previous(Cron(expression, zone), At(reference), At(reference)));
}
