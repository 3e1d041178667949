using System.Text.Json;

namespace CheckIns.Domain.Model;

/// <summary>
/// The stored monitor config (SEMANTICS R10), already validated (§18). A crontab schedule keeps its
/// normalised expression in <see cref="Crontab"/>; an interval keeps <see cref="IntervalCount"/> and
/// <see cref="IntervalUnit"/>. Null numeric fields mean "use the default" (R61, R64, R70, R78).
/// </summary>
public sealed record MonitorConfig
{
    public ScheduleType ScheduleType { get; init; } = ScheduleType.Crontab;

    public string? Crontab { get; init; }

    public int? IntervalCount { get; init; }

    public IntervalUnit? IntervalUnit { get; init; }

    /// <summary>Minutes of grace after the expected time (R86); null means 1.</summary>
    public int? CheckInMargin { get; init; }

    /// <summary>Minutes an in-progress check-in may run (R61); null means 30.</summary>
    public int? MaxRuntime { get; init; }

    /// <summary>IANA zone name; null means UTC (R82).</summary>
    public string? Timezone { get; init; }

    public int? FailureIssueThreshold { get; init; }

    public int? RecoveryThreshold { get; init; }

    /// <summary>
    /// The optional keys a user has sent, explicitly null ones included. Null in a config stored before this was
    /// recorded: <see cref="KeysSet"/> then counts the keys holding a value.
    /// </summary>
    public ConfigKeys? SetKeys { get; init; }

    /// <summary>The optional keys that were set: <see cref="SetKeys"/>, or for an older stored config the ones holding a value.</summary>
    public ConfigKeys KeysSet => SetKeys ?? (
        (CheckInMargin is null ? ConfigKeys.None : ConfigKeys.CheckInMargin)
        | (MaxRuntime is null ? ConfigKeys.None : ConfigKeys.MaxRuntime)
        | (Timezone is null ? ConfigKeys.None : ConfigKeys.Timezone)
        | (FailureIssueThreshold is null ? ConfigKeys.None : ConfigKeys.FailureIssueThreshold)
        | (RecoveryThreshold is null ? ConfigKeys.None : ConfigKeys.RecoveryThreshold));

    /// <summary>The R10 names of the keys that were set, schedule and schedule_type (always set) first.</summary>
    public IReadOnlyList<string> KeyNamesSet()
    {
        var keys = KeysSet;
        var names = new List<string>(7) { "schedule_type", "schedule" };
        if (keys.HasFlag(ConfigKeys.CheckInMargin))
        {
            names.Add("checkin_margin");
        }

        if (keys.HasFlag(ConfigKeys.MaxRuntime))
        {
            names.Add("max_runtime");
        }

        if (keys.HasFlag(ConfigKeys.Timezone))
        {
            names.Add("timezone");
        }

        if (keys.HasFlag(ConfigKeys.FailureIssueThreshold))
        {
            names.Add("failure_issue_threshold");
        }

        if (keys.HasFlag(ConfigKeys.RecoveryThreshold))
        {
            names.Add("recovery_threshold");
        }

        return names;
    }

    /// <summary>The config as Sentry stores it: schedule_type as an integer, schedule as a string or [count, unit].</summary>
    public JsonElement ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("schedule_type", (int)ScheduleType);
        writer.WritePropertyName("schedule");
        if (ScheduleType == ScheduleType.Interval)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(IntervalCount ?? 0);
            writer.WriteStringValue(StatusNames.Of(IntervalUnit ?? Model.IntervalUnit.Minute));
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStringValue(Crontab);
        }

        WriteNullable(writer, "checkin_margin", CheckInMargin);
        WriteNullable(writer, "max_runtime", MaxRuntime);
        if (Timezone is not null)
        {
            writer.WriteString("timezone", Timezone);
        }

        WriteNullable(writer, "failure_issue_threshold", FailureIssueThreshold);
        WriteNullable(writer, "recovery_threshold", RecoveryThreshold);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
