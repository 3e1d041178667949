using System.Text.Json;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Domain.Config;

/// <summary>
/// Reads the schedule keys of a monitor_config (SEMANTICS §18): <c>schedule</c> as a crontab string, an
/// interval pair or the object form (R108), and <c>schedule_type</c>.
/// </summary>
internal static class ScheduleReader
{
    private const string ScheduleTypeMessage = "Missing or invalid schedule type";

    /// <summary>
    /// The schedule a config asks for; null with the error added when it is missing or invalid. Without a
    /// schedule key, an edit (<paramref name="scheduleOptional"/>) keeps the stored schedule.
    /// </summary>
    public static (ScheduleType Type, string? Crontab, int? Count, IntervalUnit? Unit)? Read(
        JsonElement raw, ConfigErrors errors, MonitorConfig? existing, bool scheduleOptional)
    {
        var hasSchedule = raw.TryGetProperty("schedule", out var schedule) && schedule.ValueKind != JsonValueKind.Null;
        var type = ReadScheduleType(raw);
        if (!hasSchedule)
        {
            if (scheduleOptional && existing is not null)
            {
                return (existing.ScheduleType, existing.Crontab, existing.IntervalCount, existing.IntervalUnit);
            }

            errors.Add("schedule", ConfigErrors.Required);
            return null;
        }

        JsonElement value = schedule;
        JsonElement? unit = null;
        if (schedule.ValueKind == JsonValueKind.Object)
        {
            // R108: the object form's type overrides schedule_type.
            type = schedule.TryGetProperty("type", out var t) ? ParseScheduleType(t) : null;
            if (!schedule.TryGetProperty("value", out value))
            {
                value = default;
            }

            if (schedule.TryGetProperty("unit", out var u))
            {
                unit = u;
            }
        }

        if (type is null)
        {
            errors.Add("schedule_type", ScheduleTypeMessage);
            return null;
        }

        if (type == ScheduleType.Crontab)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add("schedule", "Invalid schedule for 'crontab' type");
                return null;
            }

            var (normalised, error) = CrontabText.Normalise(value.GetString()!);
            if (error is not null)
            {
                errors.Add("schedule", error);
                return null;
            }

            return (ScheduleType.Crontab, normalised, null, null);
        }

        JsonElement countElement;
        JsonElement unitElement;
        if (unit is { } objectUnit)
        {
            countElement = value;
            unitElement = objectUnit;
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2)
        {
            countElement = value[0];
            unitElement = value[1];
        }
        else
        {
            errors.Add("schedule", "Invalid schedule for for 'interval' type");
            return null;
        }

        if (countElement.ValueKind != JsonValueKind.Number || !countElement.TryGetInt64(out var count))
        {
            errors.Add("schedule", "Invalid schedule for schedule unit count");
            return null;
        }

        if (count <= 0)
        {
            errors.Add("schedule", "Interval must be greater than zero");
            return null;
        }

        var parsedUnit = unitElement.ValueKind == JsonValueKind.String ? ParseUnit(unitElement.GetString()!) : null;
        if (parsedUnit is null)
        {
            errors.Add("schedule", "Invalid schedule for schedule unit name");
            return null;
        }

        // Beyond this the next slot falls outside the calendar; Sentry would crash on it.
        if (count > MaxCount(parsedUnit.Value))
        {
            errors.Add("schedule", CrontabText.Invalid);
            return null;
        }

        return (ScheduleType.Interval, null, (int)count, parsedUnit);
    }

    private static long MaxCount(IntervalUnit unit) => unit switch
    {
        IntervalUnit.Minute => 1_000L * 366 * 24 * 60,
        IntervalUnit.Hour => 1_000L * 366 * 24,
        IntervalUnit.Day => 1_000L * 366,
        IntervalUnit.Week => 1_000L * 53,
        IntervalUnit.Month => 1_000L * 12,
        _ => 1_000L,
    };

    private static ScheduleType? ReadScheduleType(JsonElement raw) =>
        raw.TryGetProperty("schedule_type", out var t) ? ParseScheduleType(t) : null;

    private static ScheduleType? ParseScheduleType(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (value.ValueEquals("crontab"))
            {
                return ScheduleType.Crontab;
            }

            if (value.ValueEquals("interval"))
            {
                return ScheduleType.Interval;
            }
        }

        // The stored form uses the integer (R10); accept it back.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is 1 or 2)
        {
            return (ScheduleType)number;
        }

        return null;
    }

    private static IntervalUnit? ParseUnit(string unit) => unit switch
    {
        "minute" => IntervalUnit.Minute,
        "hour" => IntervalUnit.Hour,
        "day" => IntervalUnit.Day,
        "week" => IntervalUnit.Week,
        "month" => IntervalUnit.Month,
        "year" => IntervalUnit.Year,
        _ => null,
    };
}
