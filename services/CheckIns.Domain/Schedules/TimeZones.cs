using System.Collections.Concurrent;

namespace CheckIns.Domain.Schedules;

/// <summary>IANA zone lookup with a cache; null or empty names mean UTC (SEMANTICS R82).</summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> s_cache = new(StringComparer.Ordinal);

    // Most calls in a row ask for the same monitor's zone: skip hashing the name for them.
    [ThreadStatic]
    private static string? t_lastName;
    [ThreadStatic]
    private static TimeZoneInfo? t_last;

    public static TimeZoneInfo Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return TimeZoneInfo.Utc;
        }

        if (!ReferenceEquals(name, t_lastName))
        {
            t_last = Find(name) ?? TimeZoneInfo.Utc;
            t_lastName = name;
        }

        return t_last!;
    }

    public static bool IsKnown(string name) => Find(name) is not null;

    private static TimeZoneInfo? Find(string name) => s_cache.GetOrAdd(name, static n =>
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(n);

            // Only IANA names are valid monitor time zones; a Windows id resolves on some hosts but is not a choice.
            if (!zone.HasIanaId && !string.Equals(n, "UTC", StringComparison.Ordinal))
            {
                return null;
            }

            // "UTC", "Etc/UTC" and the like convert exactly as TimeZoneInfo.Utc, which Cronos recognises and
            // answers without time-zone conversions.
            return zone.HasSameRules(TimeZoneInfo.Utc) ? TimeZoneInfo.Utc : zone;
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    });

    /// <summary>
    /// Maps a local wall-clock time to an instant the way Python's zoneinfo does with fold=0: a time in
    /// the spring gap takes the offset in force before the gap; an ambiguous autumn time takes the first
    /// (daylight) occurrence.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            offset = offsets[0] >= offsets[^1] ? offsets[0] : offsets[^1];
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
}
