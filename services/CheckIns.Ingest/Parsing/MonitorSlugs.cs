using System.Globalization;
using CheckIns.Contracts;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// The one place ingest normalises a slug, with the domain's rule (SEMANTICS R24), so that the
/// partition key names the same monitor as the processor does.
/// </summary>
internal static class MonitorSlugs
{
    public static string Normalize(string raw) => Slugs.Normalize(raw);

    public static string Describe(string slug) => slug.Length <= 60
        ? slug
        : string.Create(CultureInfo.InvariantCulture, $"{slug[..60]}… ({slug.Length} characters)");
}
