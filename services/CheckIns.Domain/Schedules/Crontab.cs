using System.Collections.Concurrent;
using Cronos;

namespace CheckIns.Domain.Schedules;

/// <summary>
/// A parsed five-field crontab. When both day-of-month and day-of-week are restricted, a day matches
/// if either matches, as in Vixie cron and croniter (Sentry); Cronos matches both, so such expressions
/// are kept as two Cronos expressions and the nearer occurrence wins.
/// </summary>
internal sealed class Crontab
{
    private static readonly ConcurrentDictionary<string, Crontab?> s_cache = new(StringComparer.Ordinal);

    // Most calls in a row ask for the same monitor's expression: skip the dictionary for them.
    [ThreadStatic]
    private static string? t_lastExpression;
    [ThreadStatic]
    private static Crontab? t_last;
    private readonly CronExpression _first;
    private readonly CronExpression? _second;

    private Crontab(CronExpression first, CronExpression? second)
    {
        _first = first;
        _second = second;
    }

    /// <summary>A normalised expression (see <see cref="CrontabText"/>) or null when it cannot be parsed.</summary>
    public static Crontab? TryGet(string expression)
    {
        if (ReferenceEquals(expression, t_lastExpression))
        {
            return t_last;
        }

        if (s_cache.TryGetValue(expression, out var cached))
        {
            t_lastExpression = expression;
            t_last = cached;
            return cached;
        }

        var parsed = TryParse(expression);
        if (s_cache.Count < 10_000)
        {
            s_cache.TryAdd(expression, parsed);
        }

        return parsed;
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/> (R83), as a UTC instant.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        // Cronos's DateTimeOffset overloads convert their answer back into the zone, which every caller
        // undoes: the UTC overloads give the same instant without that conversion.
        var from = after.UtcDateTime;
        var a = _first.GetNextOccurrence(from, zone, inclusive: false);
        var b = _second?.GetNextOccurrence(from, zone, inclusive: false);
        return Utc(a is null ? b : b is null ? a : (a.Value <= b.Value ? a : b));
    }

    /// <summary>
    /// The last occurrence strictly before <paramref name="before"/> (R85), consistent with <see cref="Next"/>:
    /// inside a spring gap Cronos's previous occurrence is the last second before the gap while its next
    /// occurrence is the first minute after it, so the answer is found by stepping forward with Next.
    /// </summary>
    public DateTimeOffset? Previous(DateTimeOffset before, TimeZoneInfo zone)
    {
        var to = before.UtcDateTime;
        var a = _first.GetPreviousOccurrence(to, zone, inclusive: false);
        var b = _second?.GetPreviousOccurrence(to, zone, inclusive: false);
        var raw = Utc(a is null ? b : b is null ? a : (a.Value >= b.Value ? a : b));
        if (raw is null)
        {
            return null;
        }

        DateTimeOffset? best = null;
        var next = Next(Minutes.Truncate(raw.Value).AddMinutes(-1), zone);
        while (next is { } n && n < before)
        {
            best = n;
            next = Next(n, zone);
        }

        return best ?? raw;
    }

    private static DateTimeOffset? Utc(DateTime? instant) =>
        instant is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;

    private static Crontab? TryParse(string expression)
    {
        var fields = expression.Split(' ');
        if (fields.Length != 5)
        {
            return null;
        }

        foreach (var field in fields)
        {
            if (HasJitter(field))
            {
                // Cronos's H (hash jitter) is not standard crontab syntax; croniter refuses it without a seed.
                return null;
            }
        }

        var dayOfMonth = fields[2];
        var dayOfWeek = fields[4];
        if (!IsWildcard(dayOfMonth) && !IsWildcard(dayOfWeek))
        {
            var byMonthDay = TryParseCron($"{fields[0]} {fields[1]} {dayOfMonth} {fields[3]} *");
            var byWeekDay = TryParseCron($"{fields[0]} {fields[1]} * {fields[3]} {dayOfWeek}");
            return byMonthDay is null || byWeekDay is null ? null : new Crontab(byMonthDay, byWeekDay);
        }

        var single = TryParseCron(expression);
        return single is null ? null : new Crontab(single, null);
    }

    private static CronExpression? TryParseCron(string text) =>
        CronExpression.TryParse(text, CronFormat.Standard, out var parsed) ? parsed : null;

    private static bool IsWildcard(string field) => field is "*" or "?";

    private static bool HasJitter(string field)
    {
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] is 'H' or 'h')
            {
                var before = i == 0 || !char.IsAsciiLetter(field[i - 1]);
                var after = i == field.Length - 1 || !char.IsAsciiLetter(field[i + 1]);
                if (before && after)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
