using System.Globalization;

namespace CheckIns.Dashboard.Display;

/// <summary>
/// Times as the page writes them: UTC in the text (the browser's script rewrites it in the reader's zone) and the
/// monitor's own zone on hover.
/// </summary>
public static class TimeText
{
    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time in the monitor's zone, or in UTC when the zone is unknown to this machine.</summary>
    public static string InZone(DateTimeOffset time, string zone)
    {
        if (zone != "UTC" && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info))
        {
            return TimeZoneInfo.ConvertTime(time, info).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + zone;
        }

        return Utc(time);
    }

    public static string Duration(int? milliseconds) => milliseconds switch
    {
        null => "no duration",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds} ms"),
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.#} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 60_000.0:0.#} min"),
    };
}
