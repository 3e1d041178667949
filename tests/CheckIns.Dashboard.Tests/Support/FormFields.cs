using System.Net;
using System.Text.RegularExpressions;

namespace CheckIns.Dashboard.Tests.Support;

/// <summary>The antiforgery field of a page's form, as a browser would post it back.</summary>
public static partial class FormFields
{
    public const string Antiforgery = "__RequestVerificationToken";

    public static KeyValuePair<string, string> AntiforgeryOf(string html)
    {
        var match = TokenInput().Match(html);
        Assert.True(match.Success, "the page has no antiforgery field");
        return new(Antiforgery, WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
