using System.Globalization;
using System.Text;
using CheckIns.Ingest.Parsing;
using CheckIns.ServiceDefaults.Auth;

namespace CheckIns.Ingest.Auth;

/// <summary>
/// The public key a Sentry client presented, the client name if it gave one, and the project id of the
/// DSN when the key came as a whole DSN.
/// </summary>
public sealed record SentryCredentials(string PublicKey, string? Client, string? DsnProjectId = null);

/// <summary>What a caller of the native API presented: a project's public key or a project auth token.</summary>
public sealed record NativeCredentials(SentryCredentials? Key, string? AuthToken);

/// <summary>
/// Finds the credentials of a request as Relay does (CLIENTS 1.2): from exactly one of <c>X-Sentry-Auth</c>,
/// <c>Authorization: Sentry …</c>, <c>Authorization: Basic</c>, the <c>sentry_*</c> query parameters, or the
/// cron route's key segment; the native API also takes <c>Authorization: DSN &lt;dsn&gt;</c> and
/// <c>Authorization: Bearer &lt;project auth token&gt;</c>. None is a 401, and so is more than one — counted
/// per header line, so that a repeated header, a header folded from two, or a parameter given twice cannot
/// pair a good credential with a bad one. A key that cannot be a key, or a protocol version above 8, is a 400.
/// </summary>
public static class SentryCredentialReader
{
    /// <summary>Relay accepts protocol versions up to 8.</summary>
    public const int MaxProtocolVersion = 8;

    public const string SentryAuthHeader = "X-Sentry-Auth";

    private const string SentryScheme = "Sentry ";
    private const string BasicScheme = "Basic ";
    private const string DsnScheme = "DSN ";

    /// <summary>The Sentry key of a request to a Sentry route (envelope, cron); null when it has none.</summary>
    public static SentryCredentials? Read(HttpRequest request, string? pathKey = null) =>
        Single(Collect(request, pathKey, native: false)) is { } payload ? ToCredentials(payload.Pairs!) : null;

    /// <summary>The one credential of a native request; null when it has none.</summary>
    public static NativeCredentials? ReadNative(HttpRequest request) =>
        Single(Collect(request, null, native: true)) switch
        {
            null => null,
            { Token: { } token } => new NativeCredentials(null, token),
            { Dsn: { } dsn } => new NativeCredentials(FromDsn(dsn) is { } fromDsn
                ? fromDsn.Credentials with { DsnProjectId = fromDsn.ProjectId }
                : throw Unauthorized("The DSN in the Authorization header is not a DSN with a public key."), null),
            { Pairs: { } pairs } => new NativeCredentials(ToCredentials(pairs), null),
            _ => throw new InvalidOperationException("A payload holds a key, a DSN or a token."),
        };

    /// <summary>
    /// Refuses a ping that carries a credential besides its ping key (the path is the ping's only credential,
    /// and a second one is Relay's "multiple authorization payloads").
    /// </summary>
    public static void RequireNoOtherCredential(HttpRequest request)
    {
        if (Collect(request, null, native: true).Count > 0)
        {
            throw Multiple();
        }
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

    private static List<Payload> Collect(HttpRequest request, string? pathKey, bool native)
    {
        var found = new List<Payload>(1);
        foreach (var value in request.Headers[SentryAuthHeader])
        {
            if (!string.IsNullOrEmpty(value))
            {
                found.Add(new Payload(ParsePairs(StripScheme(value))));
            }
        }

        foreach (var value in request.Headers.Authorization)
        {
            if (!string.IsNullOrEmpty(value))
            {
                found.Add(FromAuthorization(value, native));
            }
        }

        var query = request.Query.Where(q => q.Key.StartsWith("sentry_", StringComparison.Ordinal)).ToList();
        if (query.Count > 0)
        {
            if (query.Any(q => q.Value.Count > 1))
            {
                throw Multiple();
            }

            found.Add(new Payload(query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal)));
        }

        if (pathKey is not null)
        {
            found.Add(new Payload(new Dictionary<string, string> { ["sentry_key"] = pathKey }));
        }

        return found;
    }

    private static Payload? Single(List<Payload> found) => found.Count switch
    {
        0 => null,
        1 => found[0],
        _ => throw Multiple(),
    };

    private static Payload FromAuthorization(string value, bool native)
    {
        if (value.StartsWith(SentryScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new Payload(ParsePairs(value[SentryScheme.Length..]));
        }

        if (value.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new Payload(new Dictionary<string, string> { ["sentry_key"] = DecodeBasic(value[BasicScheme.Length..]) });
        }

        if (native && value.StartsWith(DsnScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new Payload(Dsn: value[DsnScheme.Length..].Trim());
        }

        if (native && value.StartsWith(BearerToken.Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return new Payload(Token: BearerToken.Parse(value, out var problem) ?? throw Unauthorized(problem!));
        }

        throw Unauthorized(native
            ? "The Authorization scheme is not accepted: send Authorization: DSN <dsn>, Bearer <project auth token>, Sentry sentry_key=… or Basic."
            : "The Authorization scheme is not accepted: send Authorization: Sentry sentry_key=… or Basic base64(key:).");
    }

    private static string StripScheme(string value) =>
        value.StartsWith(SentryScheme, StringComparison.OrdinalIgnoreCase) ? value[SentryScheme.Length..] : value;

    private static Dictionary<string, string> ParsePairs(string value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            if (name.StartsWith(SentryScheme, StringComparison.OrdinalIgnoreCase))
            {
                // "Sentry sentry_key=a, Sentry sentry_key=b": two headers folded into one line.
                throw Multiple();
            }

            if (!pairs.TryAdd(name, part[(equals + 1)..].Trim()))
            {
                throw Unauthorized($"The authorization gives {name} more than once.");
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
            throw Unauthorized("The Basic authorization is not valid base64.");
        }
    }

    private static SentryCredentials ToCredentials(Dictionary<string, string> pairs)
    {
        if (!pairs.TryGetValue("sentry_key", out var key) || key.Length == 0)
        {
            throw Unauthorized("The authorization has no sentry_key.");
        }

        if (!IsWellFormedKey(key))
        {
            throw IngestRejectedException.BadRequest("The sentry_key is not a valid public key.", "sentry_key");
        }

        if (pairs.TryGetValue("sentry_version", out var versionText))
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw IngestRejectedException.BadRequest("The sentry_version is not a number.", "sentry_version");
            }

            if (version > MaxProtocolVersion)
            {
                throw IngestRejectedException.BadRequest(
                    string.Create(CultureInfo.InvariantCulture, $"Protocol version {version} is not supported (at most {MaxProtocolVersion})."),
                    "sentry_version");
            }
        }

        return new SentryCredentials(key, pairs.GetValueOrDefault("sentry_client"));
    }

    /// <summary>Public keys are short tokens of letters, digits, '-' and '_' (Sentry's are 32 hex digits).</summary>
    private static bool IsWellFormedKey(string key) =>
        key.Length <= 128 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static IngestRejectedException Multiple() =>
        Unauthorized("Multiple authorization payloads: send exactly one credential, in one place.");

    private static IngestRejectedException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    /// <summary>One authorization payload as found, before it is judged: Sentry pairs, a whole DSN, or a bearer token.</summary>
    private sealed record Payload(Dictionary<string, string>? Pairs = null, string? Dsn = null, string? Token = null);
}
