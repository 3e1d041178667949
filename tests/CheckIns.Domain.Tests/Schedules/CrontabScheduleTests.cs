using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Domain.Tests.Schedules;

/// <summary>SEMANTICS R82, R83, R85, R86: crontab maths through Cronos, with Sentry's examples.</summary>
public sealed class CrontabScheduleTests
{
    private static MonitorConfig Cron(string expression, string? zone = null, int? margin = null) =>
        new() { ScheduleType = ScheduleType.Crontab, Crontab = expression, Timezone = zone, CheckInMargin = margin };

    [Theory]
    [InlineData("0 * * * *", "2019-01-01T05:30:00Z", "2019-01-01T06:00:00Z")]
    [InlineData("30 * * * *", "2019-01-01T05:29:00Z", "2019-01-01T05:30:00Z")]
    [InlineData("* * * * *", "2019-01-01T01:10:20Z", "2019-01-01T01:11:00Z")]
    [InlineData("30 * * * *", "2019-01-01T05:30:00Z", "2019-01-01T06:30:00Z")]
    [InlineData("0 0 * * 0", "2024-01-03T12:00:00Z", "2024-01-07T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    public void R83_Next_IsFirstMatchingMinuteStrictlyAfter(string expression, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Cron(expression), At(from)));

    [Theory]
    [InlineData("0 * * * *", "2019-01-01T05:35:00Z", "2019-01-01T05:00:00Z")]
    [InlineData("30 * * * *", "2019-01-01T05:30:00Z", "2019-01-01T04:30:00Z")]
    [InlineData("0 0 1 * *", "2019-03-15T00:00:00Z", "2019-03-01T00:00:00Z")]
    public void R85_Previous_IsLastMatchingMinuteStrictlyBefore(string expression, string reference, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Previous(Cron(expression), At(reference), At(reference)));

    [Theory]
    [InlineData(null, "2019-01-01T01:11:00Z", "2019-01-01T01:12:00Z")]
    [InlineData(0, "2019-01-01T01:11:00Z", "2019-01-01T01:12:00Z")]
    [InlineData(5, "2019-01-01T01:11:00Z", "2019-01-01T01:16:00Z")]
    public void R86_Margin_DefaultsToOneMinute(int? margin, string next, string latest)
    {
        var (n, l) = ScheduleMath.Expected(Cron("* * * * *", margin: margin), At("2019-01-01T01:10:20Z"));
        Assert.Equal(At(next), n);
        Assert.Equal(At(latest), l);
    }

    [Theory]
    // Vixie cron and croniter match a day when day-of-month OR day-of-week matches; Cronos alone would need both.
    [InlineData("0 0 13 * 5", "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z")]
    [InlineData("0 0 13 * 5", "2024-01-12T00:00:00Z", "2024-01-13T00:00:00Z")]
    public void R83_DayOfMonthOrDayOfWeek_MatchesEither(string expression, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Cron(expression), At(from)));

    [Fact]
    public void R82_Timezone_ReadsFieldsAsLocalWallClock()
    {
        // 09:00 in Tokyo (UTC+9, no DST) is 00:00 UTC.
        Assert.Equal(At("2024-05-02T00:00:00Z"), ScheduleMath.Next(Cron("0 9 * * *", "Asia/Tokyo"), At("2024-05-01T01:00:00Z")));
        Assert.Equal(At("2024-05-01T03:30:00Z"), ScheduleMath.Next(Cron("0 9 * * *", "Asia/Kolkata"), At("2024-05-01T01:00:00Z")));
    }
}
