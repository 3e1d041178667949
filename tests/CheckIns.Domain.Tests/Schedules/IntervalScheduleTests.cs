using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Domain.Tests.Schedules;

/// <summary>SEMANTICS R84, R85, Q9: interval schedules, every unit, month-end behaviour.</summary>
public sealed class IntervalScheduleTests
{
    private static MonitorConfig Every(int count, IntervalUnit unit) =>
        new() { ScheduleType = ScheduleType.Interval, IntervalCount = count, IntervalUnit = unit };

    [Theory]
    [InlineData(2, IntervalUnit.Hour, "2019-01-01T05:42:00Z", "2019-01-01T07:42:00Z")]
    [InlineData(1, IntervalUnit.Month, "2019-01-01T01:10:20Z", "2019-02-01T01:10:00Z")]
    [InlineData(5, IntervalUnit.Minute, "2019-01-01T01:10:20Z", "2019-01-01T01:15:00Z")]
    [InlineData(3, IntervalUnit.Day, "2019-12-30T08:00:00Z", "2020-01-02T08:00:00Z")]
    [InlineData(2, IntervalUnit.Week, "2019-01-01T00:00:00Z", "2019-01-15T00:00:00Z")]
    [InlineData(1, IntervalUnit.Year, "2019-06-15T10:00:00Z", "2020-06-15T10:00:00Z")]
    // Q9: dates that do not exist are skipped, RFC 5545 style.
    [InlineData(1, IntervalUnit.Month, "2019-01-31T10:00:00Z", "2019-03-31T10:00:00Z")]
    [InlineData(1, IntervalUnit.Month, "2019-03-31T10:00:00Z", "2019-05-31T10:00:00Z")]
    [InlineData(1, IntervalUnit.Month, "2019-01-30T10:00:00Z", "2019-03-30T10:00:00Z")]
    [InlineData(1, IntervalUnit.Month, "2020-01-30T10:00:00Z", "2020-03-30T10:00:00Z")]
    [InlineData(1, IntervalUnit.Month, "2020-01-29T10:00:00Z", "2020-02-29T10:00:00Z")]
    [InlineData(2, IntervalUnit.Month, "2019-12-31T10:00:00Z", "2020-08-31T10:00:00Z")]
    [InlineData(1, IntervalUnit.Year, "2020-02-29T10:00:00Z", "2024-02-29T10:00:00Z")]
    public void R84_Next_AddsCalendarStepsAndZeroesSeconds(int count, IntervalUnit unit, string from, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Next(Every(count, unit), At(from)));

    [Theory]
    [InlineData(2, IntervalUnit.Hour, "2019-01-01T01:30:00Z", "2019-01-01T05:30:00Z", "2019-01-01T03:30:00Z")]
    [InlineData(2, IntervalUnit.Hour, "2019-01-01T01:30:00Z", "2019-01-01T05:35:00Z", "2019-01-01T05:30:00Z")]
    [InlineData(1, IntervalUnit.Month, "2019-01-31T00:00:00Z", "2019-06-01T00:00:00Z", "2019-05-31T00:00:00Z")]
    [InlineData(10, IntervalUnit.Minute, "2019-01-01T00:00:00Z", "2019-01-01T00:00:00Z", "2019-01-01T00:00:00Z")]
    public void R85_Previous_IsLastSlotStrictlyBeforeReference(int count, IntervalUnit unit, string start, string reference, string expected) =>
        Assert.Equal(At(expected), ScheduleMath.Previous(Every(count, unit), At(start), At(reference)));

    [Fact]
    public void R84_Interval_ReanchorsOnEveryReferenceTime()
    {
        var config = Every(1, IntervalUnit.Hour);
        Assert.Equal(At("2019-01-01T06:07:00Z"), ScheduleMath.Next(config, At("2019-01-01T05:07:59Z")));
        Assert.Equal(At("2019-01-01T06:09:00Z"), ScheduleMath.Next(config, At("2019-01-01T05:09:01Z")));
    }
}
