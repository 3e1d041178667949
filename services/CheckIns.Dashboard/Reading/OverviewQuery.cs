namespace CheckIns.Dashboard.Reading;

/// <summary>
/// The overview's filters, from the query string. <c>Status</c> filters on what the project's listing carries:
/// failing (error, missed or timeout), ok, waiting, muted or disabled.
/// </summary>
public sealed record OverviewQuery(string? Status, string? Environment, string? Search, int Page)
{
    public static readonly IReadOnlyList<string> Statuses = ["failing", "ok", "waiting", "muted", "disabled"];

    public static OverviewQuery From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = int.TryParse(query["page"], System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new OverviewQuery(Blank(query["status"]), Blank(query["environment"]), Blank(query["q"]), page);
    }

    /// <summary>The query string that gives this view back (the live refresh asks for the same one).</summary>
    public string ToQueryString(int? page = null)
    {
        var parts = new List<string>();
        Add(parts, "status", Status);
        Add(parts, "environment", Environment);
        Add(parts, "q", Search);
        var p = page ?? Page;
        if (p > 1)
        {
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page={p}"));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
