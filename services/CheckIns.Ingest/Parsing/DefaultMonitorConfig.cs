using System.Text.Json;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// The configs of monitors that a client creates by using them, in Sentry's monitor_config shape: a
/// Healthchecks ping with <c>create=1</c> carries Healthchecks' defaults for a new check (a period of
/// one day, a grace time of one hour); a Cronitor event carries the same schedule and margin, and a
/// maximum runtime of one period, since Cronitor raises no alert for a long run unless told to.
/// </summary>
public static class DefaultMonitorConfig
{
    public const int PeriodDays = 1;
    public const int MarginMinutes = 60;
    public const int CronitorMaxRuntimeMinutes = 24 * 60;

    public static void WriteTo(Utf8JsonWriter writer) => Write(writer, maxRuntimeMinutes: null);

    public static void WriteCronitorTo(Utf8JsonWriter writer) => Write(writer, CronitorMaxRuntimeMinutes);

    private static void Write(Utf8JsonWriter writer, int? maxRuntimeMinutes)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("schedule");
        writer.WriteString("type", "interval");
        writer.WriteNumber("value", PeriodDays);
        writer.WriteString("unit", "day");
        writer.WriteEndObject();
        writer.WriteNumber("checkin_margin", MarginMinutes);
        if (maxRuntimeMinutes is { } minutes)
        {
            writer.WriteNumber("max_runtime", minutes);
        }

        writer.WriteEndObject();
    }
}
