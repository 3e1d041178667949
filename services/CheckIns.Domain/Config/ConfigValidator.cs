using System.Globalization;
using System.Text.Json;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Domain.Config;

/// <summary>
/// Validates a monitor_config object (SEMANTICS §18) and merges it into the stored config (R49, R113).
/// The upsert path clamps out-of-range margins and runtimes (D7, D19); the API path rejects them (R111).
/// </summary>
internal static class ConfigValidator
{
    public const int MaxThreshold = 720;

    public static ConfigValidation Validate(JsonElement raw, MonitorConfig? existing, bool clampLimits, bool scheduleOptional)
    {
        var errors = new ConfigErrors();
        if (raw.ValueKind != JsonValueKind.Object)
        {
            errors.Add("non_field_errors", "Invalid data. Expected a dictionary, but got " + KindName(raw.ValueKind) + ".");
            return new ConfigValidation(null, errors.ToMap(), Owner: null);
        }

        string? owner = null;
        if (raw.TryGetProperty("owner", out var ownerElement) && ownerElement.ValueKind == JsonValueKind.String)
        {
            owner = ownerElement.GetString();
        }

        var schedule = ScheduleReader.Read(raw, errors, existing, scheduleOptional);
        var margin = ReadInt(raw, "checkin_margin", 1, ScheduleMath.MaxMarginMinutes, clampLimits, errors, zeroBecomesOne: true);
        var runtime = ReadInt(raw, "max_runtime", 1, ScheduleMath.MaxTimeoutMinutes, clampLimits, errors, zeroBecomesOne: false);
        var failure = ReadInt(raw, "failure_issue_threshold", 1, MaxThreshold, clamp: false, errors, zeroBecomesOne: false);
        var recovery = ReadInt(raw, "recovery_threshold", 1, MaxThreshold, clamp: false, errors, zeroBecomesOne: false);
        var timezone = ReadTimezone(raw, errors);

        if (errors.Any || schedule is null)
        {
            return new ConfigValidation(null, errors.ToMap(), owner);
        }

        // R49: schedule always overwritten; other keys only when present; R113: absent keys are null on create.
        var baseline = existing ?? new MonitorConfig();
        var merged = baseline with
        {
            ScheduleType = schedule.Value.Type,
            Crontab = schedule.Value.Crontab,
            IntervalCount = schedule.Value.Count,
            IntervalUnit = schedule.Value.Unit,
            CheckInMargin = margin.Present ? margin.Value : baseline.CheckInMargin,
            MaxRuntime = runtime.Present ? runtime.Value : baseline.MaxRuntime,
            FailureIssueThreshold = failure.Present ? failure.Value : baseline.FailureIssueThreshold,
            RecoveryThreshold = recovery.Present ? recovery.Value : baseline.RecoveryThreshold,
            Timezone = timezone.Present ? timezone.Value : baseline.Timezone,
            SetKeys = baseline.KeysSet
                | (margin.Present ? ConfigKeys.CheckInMargin : ConfigKeys.None)
                | (runtime.Present ? ConfigKeys.MaxRuntime : ConfigKeys.None)
                | (timezone.Present ? ConfigKeys.Timezone : ConfigKeys.None)
                | (failure.Present ? ConfigKeys.FailureIssueThreshold : ConfigKeys.None)
                | (recovery.Present ? ConfigKeys.RecoveryThreshold : ConfigKeys.None),
        };
        return new ConfigValidation(merged, null, owner);
    }

    private static (bool Present, int? Value) ReadInt(
        JsonElement raw, string name, int min, int max, bool clamp, ConfigErrors errors, bool zeroBecomesOne)
    {
        if (!raw.TryGetProperty(name, out var element))
        {
            return (false, null);
        }

        if (element.ValueKind == JsonValueKind.Null || (element.ValueKind == JsonValueKind.String && element.ValueEquals(string.Empty)))
        {
            return (true, null);
        }

        if (!TryReadInteger(element, out var value))
        {
            errors.Add(name, ConfigErrors.NotAnInteger);
            return (true, null);
        }

        if (zeroBecomesOne && value == 0)
        {
            value = 1;
        }

        if (value < min)
        {
            errors.Add(name, ConfigErrors.AtLeast(min));
            return (true, null);
        }

        if (value > max)
        {
            if (!clamp)
            {
                errors.Add(name, ConfigErrors.AtMost(max));
                return (true, null);
            }

            value = max;
        }

        return (true, (int)value);
    }

    /// <summary>Like Django REST framework's IntegerField: integers, integral floats and numeric strings.</summary>
    internal static bool TryReadInteger(JsonElement element, out long value)
    {
        value = 0;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out value))
                {
                    return true;
                }

                if (element.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
                {
                    value = (long)d;
                    return true;
                }

                return false;
            case JsonValueKind.String:
                var text = element.GetString()!.Trim();
                if (text.EndsWith(".0", StringComparison.Ordinal))
                {
                    text = text.TrimEnd('0').TrimEnd('.');
                }

                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    private static (bool Present, string? Value) ReadTimezone(JsonElement raw, ConfigErrors errors)
    {
        if (!raw.TryGetProperty("timezone", out var element))
        {
            return (false, null);
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add("timezone", "Not a valid string.");
            return (true, null);
        }

        var name = element.GetString()!;
        if (name.Length == 0)
        {
            // R112: an empty string is dropped, as if absent.
            return (false, null);
        }

        if (!TimeZones.IsKnown(name))
        {
            errors.Add("timezone", $"\"{name}\" is not a valid choice.");
            return (true, null);
        }

        return (true, name);
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Array => "list",
        JsonValueKind.Number => "int",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "NoneType",
    };
}
