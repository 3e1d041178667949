using Microsoft.AspNetCore.Http;

namespace CheckIns.ServiceDefaults.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c>. Exactly one Authorization value is taken: none is a
/// missing credential, two (repeated headers, or one header folded from two) are refused as Relay refuses
/// multiple authorization payloads, so a good token can never smuggle a bad one past the check or the other
/// way round.
/// </summary>
public static class BearerToken
{
    public const string Scheme = "Bearer";

    /// <summary>The token of one Authorization value; null with a reason when the value is not a well-formed bearer token.</summary>
    public static string? Parse(string authorization, out string? problem)
    {
        problem = null;
        if (!authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            problem = "The Authorization scheme is not accepted here: send Authorization: Bearer <token>.";
            return null;
        }

        var token = authorization[(Scheme.Length + 1)..].Trim();
        if (token.Length == 0)
        {
            problem = "The bearer token is empty.";
            return null;
        }

        // A token has no whitespace or commas; "Bearer a, Bearer b" is two values folded into one header.
        if (token.Length > ProjectTokens.MaxTokenLength || token.Any(c => char.IsWhiteSpace(c) || c == ','))
        {
            problem = "Multiple or malformed authorization values: send exactly one Authorization: Bearer <token>.";
            return null;
        }

        return token;
    }

    /// <summary>The one bearer token of the request; null with a reason when there is none or it cannot be taken.</summary>
    public static string? Read(HttpRequest request, out string problem)
    {
        var values = request.Headers.Authorization;
        switch (values.Count)
        {
            case 0:
                problem = "Missing authorization: send the project's auth token as Authorization: Bearer <token>.";
                return null;
            case > 1:
                problem = "Multiple authorization values: send exactly one Authorization header.";
                return null;
        }

        var token = Parse(values[0] ?? "", out var parseProblem);
        problem = parseProblem ?? "";
        return token;
    }
}
