using System.Globalization;
using System.Text;
using CheckIns.Ingest.Parsing;
using Microsoft.Extensions.Primitives;

namespace CheckIns.Ingest.Auth;

/// <summary>The public key a Sentry client presented, and the client name if it gave one.</summary>
public sealed record SentryCredentials(string PublicKey, string? Client);

/// <summary>
/// Finds the Sentry credentials of a request as Relay does (CLIENTS 1.2): from exactly one of
/// <c>X-Sentry-Auth</c>, <c>Authorization: Sentry …</c>, <c>Authorization: Basic</c>, the
/// <c>sentry_*</c> query parameters, or the cron route's key segment. None or more than one is
/// a 401; a key that cannot be a key, or a protocol version above 8, is a 400.
/// </summary>
public static class SentryCredentialReader
{
    /// <summary>Relay accepts protocol versions up to 8.</summary>
    public const int MaxProtocolVersion = 8;

    public static SentryCredentials? Read(HttpRequest request, string? pathKey = null)
    {
        var found = new List<Dictionary<string, string>>(1);
        var sentryAuth = request.Headers["X-Sentry-Auth"];
        if (!StringValues.IsNullOrEmpty(sentryAuth))
        {
            found.Add(ParsePairs(StripScheme(sentryAuth.ToString())));
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Sentry ", StringComparison.OrdinalIgnoreCase))
        {
            found.Add(ParsePairs(authorization["Sentry ".Length..]));
        }
        else if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            found.Add(new Dictionary<string, string> { ["sentry_key"] = DecodeBasic(authorization["Basic ".Length..]) });
        }

        var query = request.Query.Where(q => q.Key.StartsWith("sentry_", StringComparison.Ordinal)).ToList();
        if (query.Count > 0)
        {
            found.Add(query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
        }

        if (pathKey is not null)
        {
            found.Add(new Dictionary<string, string> { ["sentry_key"] = pathKey });
        }

        return found.Count switch
        {
            0 => null,
            1 => ToCredentials(found[0]),
            _ => throw new IngestRejection(StatusCodes.Status401Unauthorized, "Multiple authorization payloads: send the key in exactly one place."),
        };
    }

    /// <summary>Reads the public key and project id of a DSN (the envelope header's tunnel credential).</summary>
    public static (SentryCredentials Credentials, string ProjectId)? FromDsn(string dsn)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var key = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var projectId = uri.AbsolutePath.TrimEnd('/').Split('/')[^1];
        return (ToCredentials(new Dictionary<string, string> { ["sentry_key"] = key }), projectId);
    }

    private static string StripScheme(string value) =>
        value.StartsWith("Sentry ", StringComparison.OrdinalIgnoreCase) ? value["Sentry ".Length..] : value;

    private static Dictionary<string, string> ParsePairs(string value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }

        return pairs;
    }

    private static string DecodeBasic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? text : text[..colon];
        }
        catch (FormatException)
        {
            throw new IngestRejection(StatusCodes.Status401Unauthorized, "The Basic authorization is not valid base64.");
        }
    }

    private static SentryCredentials ToCredentials(Dictionary<string, string> pairs)
    {
        if (!pairs.TryGetValue("sentry_key", out var key) || key.Length == 0)
        {
            throw new IngestRejection(StatusCodes.Status401Unauthorized, "The authorization has no sentry_key.");
        }

        if (!IsWellFormedKey(key))
        {
            throw IngestRejection.BadRequest("The sentry_key is not a valid public key.", "sentry_key");
        }

        if (pairs.TryGetValue("sentry_version", out var versionText))
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw IngestRejection.BadRequest("The sentry_version is not a number.", "sentry_version");
            }

            if (version > MaxProtocolVersion)
            {
                throw IngestRejection.BadRequest(
                    string.Create(CultureInfo.InvariantCulture, $"Protocol version {version} is not supported (at most {MaxProtocolVersion})."),
                    "sentry_version");
            }
        }

        return new SentryCredentials(key, pairs.GetValueOrDefault("sentry_client"));
    }

    /// <summary>Public keys are short tokens of letters, digits, '-' and '_' (Sentry's are 32 hex digits).</summary>
    private static bool IsWellFormedKey(string key) =>
        key.Length <= 128 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
