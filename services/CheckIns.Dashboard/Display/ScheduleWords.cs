using System.Globalization;
using System.Text;
using System.Text.Json;
using CheckIns.Dashboard.Reading;

namespace CheckIns.Dashboard.Display;

/// <summary>
/// A monitor's config as a sentence: "every day at 03:00 Europe/Berlin, 5 min margin, 30 min max runtime". Common
/// crontab shapes get words; any other expression is shown as it is, which is still exact.
/// </summary>
public static class ScheduleWords
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Describe(MonitorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder(Schedule(config));
        if (config.Timezone is { ValueKind: JsonValueKind.String })
        {
            text.Append(' ').Append(config.Zone);
        }

        if (config.CheckinMargin is { } margin)
        {
            text.Append(CultureInfo.InvariantCulture, $", {margin} min margin");
        }

        if (config.MaxRuntime is { } runtime)
        {
            text.Append(CultureInfo.InvariantCulture, $", {runtime} min max runtime");
        }

        if (config.FailureIssueThreshold is > 1 and var failures)
        {
            text.Append(CultureInfo.InvariantCulture, $", an incident after {failures} failures in a row");
        }

        if (config.RecoveryThreshold is > 1 and var recoveries)
        {
            text.Append(CultureInfo.InvariantCulture, $", resolved after {recoveries} successes in a row");
        }

        return text.ToString();
    }

    private static string Schedule(MonitorConfig config)
    {
        if (config.ScheduleType == "interval" && config.Schedule.ValueKind == JsonValueKind.Array
            && config.Schedule.GetArrayLength() == 2 && config.Schedule[0].TryGetInt32(out var count))
        {
            var unit = config.Schedule[1].GetString() ?? "";
            return count == 1 ? $"every {unit}" : string.Create(CultureInfo.InvariantCulture, $"every {count} {unit}s");
        }

        var expression = config.Schedule.ValueKind == JsonValueKind.String ? config.Schedule.GetString() ?? "" : config.Schedule.GetRawText();
        return Crontab(expression);
    }

    public static string Crontab(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"on the schedule \"{expression}\"";
        }

        var (minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var everyDay = dayOfMonth == "*" && month == "*" && dayOfWeek == "*";
        if (everyDay && hour == "*" && minute == "*")
        {
            return "every minute";
        }

        if (everyDay && hour == "*" && minute.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(minute[2..], CultureInfo.InvariantCulture, out var minutes))
        {
            return string.Create(CultureInfo.InvariantCulture, $"every {minutes} minutes");
        }

        if (everyDay && hour == "*" && int.TryParse(minute, CultureInfo.InvariantCulture, out var atMinute))
        {
            return atMinute == 0 ? "every hour" : string.Create(CultureInfo.InvariantCulture, $"every hour at minute {atMinute}");
        }

        if (int.TryParse(minute, CultureInfo.InvariantCulture, out var m) && int.TryParse(hour, CultureInfo.InvariantCulture, out var h) && month == "*")
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}");
            if (everyDay)
            {
                return $"every day at {at}";
            }

            if (dayOfMonth == "*" && int.TryParse(dayOfWeek, CultureInfo.InvariantCulture, out var day) && day is >= 0 and <= 7)
            {
                return $"every {Days[day % 7]} at {at}";
            }

            if (dayOfWeek == "*" && int.TryParse(dayOfMonth, CultureInfo.InvariantCulture, out var date))
            {
                return string.Create(CultureInfo.InvariantCulture, $"on day {date} of every month at {at}");
            }
        }

        return $"on the schedule \"{expression}\"";
    }
}
