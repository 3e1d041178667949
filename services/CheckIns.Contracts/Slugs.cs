using System.Text;

namespace CheckIns.Contracts;

/// <summary>Monitor slug normalisation (SEMANTICS R24): a Django-style slugify cut to 50 characters.</summary>
public static class Slugs
{
    public const int MaxLength = 50;

    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (IsAlreadyNormal(raw))
        {
            return raw;
        }

        var decomposed = raw.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSeparator = false;
        foreach (var c in decomposed)
        {
            if (c > 0x7F)
            {
                // Dropped by the ASCII conversion (accents split off by NFKD, other scripts).
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower) || lower == '_')
            {
                if (pendingSeparator)
                {
                    builder.Append('-');
                    pendingSeparator = false;
                }

                builder.Append(lower);
            }
            else if (lower == '-' || IsPythonWhitespace(lower))
            {
                pendingSeparator = true;
            }
        }

        // A separator run at the end is trimmed, one at the start becomes a leading '-' that is trimmed below.
        var slug = TrimDashesAndUnderscores(builder.ToString());
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength];
        }

        return slug.Trim('-');
    }

    private static string TrimDashesAndUnderscores(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && (value[start] == '-' || value[start] == '_'))
        {
            start++;
        }

        while (end > start && (value[end - 1] == '-' || value[end - 1] == '_'))
        {
            end--;
        }

        return value[start..end];
    }

    private static bool IsPythonWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or (>= '\x1c' and <= '\x1f');

    private static bool IsAlreadyNormal(string raw)
    {
        if (raw.Length is 0 or > MaxLength)
        {
            return false;
        }

        var previousDash = true;
        foreach (var c in raw)
        {
            if (c == '-')
            {
                if (previousDash)
                {
                    return false;
                }

                previousDash = true;
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            {
                previousDash = false;
            }
            else
            {
                return false;
            }
        }

        return !previousDash && raw[0] != '_' && raw[^1] != '_';
    }
}
