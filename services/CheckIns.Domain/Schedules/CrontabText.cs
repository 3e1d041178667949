namespace CheckIns.Domain.Schedules;

/// <summary>Crontab normalisation and validation messages (SEMANTICS R110).</summary>
internal static class CrontabText
{
    public const string NotParseable = "Schedule was not parseable";
    public const string TooManyFields = "Only 5 field crontab syntax is supported";
    public const string Invalid = "Schedule is invalid";

    /// <summary>Collapses whitespace, maps macros, and checks the expression; returns the normal form or an error.</summary>
    public static (string? Normalised, string? Error) Normalise(string raw)
    {
        var collapsed = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.StartsWith('@'))
        {
            var macro = collapsed switch
            {
                "@yearly" or "@annually" => "0 0 1 1 *",
                "@monthly" => "0 0 1 * *",
                "@weekly" => "0 0 * * 0",
                "@daily" => "0 0 * * *",
                "@hourly" => "0 * * * *",
                _ => null,
            };
            if (macro is null)
            {
                return (null, NotParseable);
            }

            collapsed = macro;
        }

        var fieldCount = collapsed.Length == 0 ? 0 : collapsed.Count(c => c == ' ') + 1;
        if (fieldCount > 5)
        {
            return (null, TooManyFields);
        }

        var crontab = Crontab.TryGet(collapsed);
        if (crontab is null)
        {
            return (null, Invalid);
        }

        // "* * 31 2 *" parses but never fires: it needs both a next and a previous occurrence.
        var probe = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (crontab.Next(probe, TimeZoneInfo.Utc) is null || crontab.Previous(probe.AddYears(10), TimeZoneInfo.Utc) is null)
        {
            return (null, Invalid);
        }

        return (collapsed, null);
    }
}
