using CheckIns.Domain.Model;

namespace CheckIns.Domain.Schedules;

/// <summary>
/// Interval schedules (SEMANTICS R84, R85): wall-clock arithmetic in the monitor's zone, re-anchored on
/// every reference time. Month and year steps skip dates that do not exist (RFC 5545): Jan 31 + 1 month
/// is Mar 31, Feb 29 + 1 year is the next Feb 29 (Q9).
/// </summary>
internal static class IntervalMath
{
    /// <summary>The n-th slot from <paramref name="start"/> in local wall-clock time, or null when that date does not exist.</summary>
    public static DateTime? Slot(DateTime start, int count, IntervalUnit unit, long n)
    {
        switch (unit)
        {
            case IntervalUnit.Minute:
                return start.AddMinutes((double)count * n);
            case IntervalUnit.Hour:
                return start.AddHours((double)count * n);
            case IntervalUnit.Day:
                return start.AddDays((double)count * n);
            case IntervalUnit.Week:
                return start.AddDays(7.0 * count * n);
            case IntervalUnit.Month:
                return AddMonthsExact(start, count * n);
            default:
                return AddMonthsExact(start, 12L * count * n);
        }
    }

    /// <summary>The first slot strictly after <paramref name="start"/> (a month step may skip invalid dates).</summary>
    public static DateTime Next(DateTime start, int count, IntervalUnit unit)
    {
        for (long n = 1; ; n++)
        {
            if (Slot(start, count, unit, n) is { } slot)
            {
                return slot;
            }
        }
    }

    /// <summary>
    /// The last slot start + k·interval strictly before <paramref name="reference"/>, or <paramref name="start"/>
    /// when the reference is not after it. Local times; the caller compares instants.
    /// </summary>
    public static DateTime Previous(DateTime start, DateTime reference, int count, IntervalUnit unit, Func<DateTime, DateTimeOffset> toInstant)
    {
        var referenceInstant = toInstant(reference);
        if (toInstant(start) >= referenceInstant)
        {
            return start;
        }

        var n = Estimate(start, reference, count, unit);
        DateTime best = start;
        // Walk forward from a little before the estimate; at most a few steps.
        for (var k = Math.Max(0, n - 2); ; k++)
        {
            var slot = Slot(start, count, unit, k);
            if (slot is null)
            {
                continue;
            }

            if (toInstant(slot.Value) >= referenceInstant)
            {
                return best;
            }

            best = slot.Value;
        }
    }

    private static long Estimate(DateTime start, DateTime reference, int count, IntervalUnit unit)
    {
        var months = ((reference.Year - start.Year) * 12) + reference.Month - start.Month;
        return unit switch
        {
            IntervalUnit.Minute => (long)((reference - start).TotalMinutes / count),
            IntervalUnit.Hour => (long)((reference - start).TotalHours / count),
            IntervalUnit.Day => (long)((reference - start).TotalDays / count),
            IntervalUnit.Week => (long)((reference - start).TotalDays / (7.0 * count)),
            IntervalUnit.Month => months / count,
            _ => months / (12L * count),
        };
    }

    private static DateTime? AddMonthsExact(DateTime start, long months)
    {
        var total = ((start.Year * 12L) + start.Month - 1) + months;
        var year = total / 12;
        var month = (int)(total % 12) + 1;
        if (year is < 1 or > 9999)
        {
            return DateTime.MaxValue;
        }

        if (start.Day > DateTime.DaysInMonth((int)year, month))
        {
            return null;
        }

        return new DateTime((int)year, month, start.Day, 0, 0, 0, DateTimeKind.Unspecified).Add(start.TimeOfDay);
    }
}
