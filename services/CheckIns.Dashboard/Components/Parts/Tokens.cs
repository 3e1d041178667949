using Microsoft.AspNetCore.Antiforgery;

namespace CheckIns.Dashboard.Components.Parts;

public static class Tokens
{
    public static FormToken For(IAntiforgery antiforgery, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken ?? "");
    }
}
