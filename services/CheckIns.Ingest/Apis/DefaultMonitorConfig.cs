using System.Text.Json;

namespace CheckIns.Ingest.Apis;

/// <summary>
/// The config a ping with <c>create=1</c> carries: Healthchecks' defaults for a new check
/// (a period of one day, a grace time of one hour) in Sentry's monitor_config shape.
/// </summary>
public static class DefaultMonitorConfig
{
    public const int PeriodDays = 1;
    public const int MarginMinutes = 60;

    public static void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("schedule");
        writer.WriteString("type", "interval");
        writer.WriteNumber("value", PeriodDays);
        writer.WriteString("unit", "day");
        writer.WriteEndObject();
        writer.WriteNumber("checkin_margin", MarginMinutes);
        writer.WriteEndObject();
    }
}
