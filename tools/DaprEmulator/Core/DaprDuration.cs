using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace DaprEmulator.Core;

/// <summary>
/// Parses the time formats daprd accepts for reminders, timers and resiliency policies:
/// Go durations ("1h2m3s", "0h0m30s0ms", "500ms"), ISO 8601 durations ("PT30S"),
/// ISO 8601 repetitions ("R5/PT10S") and, for due times, RFC 3339 instants.
/// </summary>
public static partial class DaprDuration
{
    [GeneratedRegex(@"^(?:(?<n>\d+(?:\.\d+)?)(?<u>h|ms|m|s|us|µs|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationRegex();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?<u>h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex GoPartRegex();

    [GeneratedRegex(@"^R(?<r>\d*)/(?<d>P.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepetitionRegex();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        if (GoDurationRegex().IsMatch(text))
        {
            double ms = 0;
            foreach (Match part in GoPartRegex().Matches(text))
            {
                var n = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
                ms += part.Groups["u"].Value switch
                {
                    "h" => n * 3_600_000,
                    "m" => n * 60_000,
                    "s" => n * 1000,
                    "ms" => n,
                    "us" or "µs" => n / 1000,
                    _ => n / 1_000_000,
                };
            }

            value = TimeSpan.FromMilliseconds(ms);
            return true;
        }

        if (text.StartsWith('P'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    public static TimeSpan Parse(string? text, string what) =>
        TryParse(text, out var value)
            ? value
            : throw new DaprApiException(DaprErrorCodes.BadRequest, $"invalid {what} \"{text}\": expected a duration such as 1h2m3s or PT30S");

    /// <summary>A due time is a duration from now or an RFC 3339 instant; empty means now.</summary>
    public static DateTimeOffset ParseDueTime(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return now;
        }

        if (TryParse(text, out var span))
        {
            return now + span;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        throw new DaprApiException(DaprErrorCodes.BadRequest, $"invalid dueTime \"{text}\"");
    }

    /// <summary>A period is a duration, or "R{n}/{duration}" limiting the number of repetitions; empty means one shot.</summary>
    public static (TimeSpan? Period, int? Repetitions) ParsePeriod(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var repetition = RepetitionRegex().Match(text.Trim());
        if (repetition.Success)
        {
            var period = Parse(repetition.Groups["d"].Value, "period");
            int? count = repetition.Groups["r"].Value.Length == 0
                ? null
                : int.Parse(repetition.Groups["r"].Value, CultureInfo.InvariantCulture);
            return (period, count);
        }

        var value = Parse(text, "period");
        return value <= TimeSpan.Zero ? (null, null) : (value, null);
    }
}
