extern alias dashboard;

using dashboard::CheckIns.Dashboard.Display;

namespace CheckIns.Dashboard.Tests;

/// <summary>Crontab schedules in words; any other expression is shown as it is.</summary>
public sealed class ScheduleWordsTests
{
    [Theory]
    [InlineData("0 3 * * *", "every day at 03:00")]
    [InlineData("30 14 * * *", "every day at 14:30")]
    [InlineData("0 * * * *", "every hour")]
    [InlineData("15 * * * *", "every hour at minute 15")]
    [InlineData("*/5 * * * *", "every 5 minutes")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("0 6 * * 1", "every Monday at 06:00")]
    [InlineData("0 6 * * 7", "every Sunday at 06:00")]
    [InlineData("0 0 1 * *", "on day 1 of every month at 00:00")]
    [InlineData("0 9-17 * * 1-5", "on the schedule \"0 9-17 * * 1-5\"")]
    [InlineData("@daily", "on the schedule \"@daily\"")]
    public void A_crontab_reads_as_words(string expression, string words) => Assert.Equal(words, ScheduleWords.Crontab(expression));
}
