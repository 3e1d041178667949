using System.Globalization;
using System.Text;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// The one place ingest normalises a slug (SEMANTICS R24), so that the partition key names the
/// same monitor as the processor does.
/// </summary>
internal static class MonitorSlugs
{
    private const int MaxLength = 50;

    public static string Normalize(string raw)
    {
        // Django's slugify: ASCII, lowercase, keep [a-z0-9_-] and whitespace, collapse runs of
        // whitespace and hyphens to one hyphen, strip "-" and "_" at both ends.
        var decomposed = raw.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (c > 127)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is '-' || char.IsWhiteSpace(lower))
            {
                pendingHyphen = true;
            }
            else if (char.IsAsciiLetterOrDigit(lower) || lower == '_')
            {
                if (pendingHyphen)
                {
                    builder.Append('-');
                    pendingHyphen = false;
                }

                builder.Append(lower);
            }
        }

        if (pendingHyphen)
        {
            builder.Append('-');
        }

        var slug = builder.ToString().Trim('-', '_');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength];
        }

        return slug.Trim('-');
    }

    public static string Describe(string slug) => slug.Length <= 60
        ? slug
        : string.Create(CultureInfo.InvariantCulture, $"{slug[..60]}… ({slug.Length} characters)");
}
