using CheckIns.Ingest.Parsing;

namespace CheckIns.Ingest.Auth;

/// <summary>
/// <c>Authorization: DSN &lt;public DSN&gt;</c>, the credential of Sentry's legacy check-in API (CLIENTS 2.2):
/// the DSN names the public key and its project. It must be the request's only credential; the key is then
/// checked as every Sentry key is (<see cref="SentryAuthenticator"/>).
/// </summary>
public static class DsnAuthorization
{
    public const string Scheme = "DSN ";

    public static AuthenticatedProject Authenticate(HttpRequest request, SentryAuthenticator authenticator)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 1)
        {
            throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "Multiple authorization payloads: send one Authorization: DSN header.");
        }

        var value = authorization.ToString();
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException(
                StatusCodes.Status401Unauthorized,
                "Missing authorization: send Authorization: DSN <your public DSN> (token auth is not served here).");
        }

        // Read as the native route reads it: a Sentry key in another place as well (X-Sentry-Auth, sentry_key in the
        // query) is one credential too many, and the DSN must name a public key.
        var key = SentryCredentialReader.ReadNative(request)?.Key
            ?? throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "The Authorization header holds no valid DSN (http://<public key>@<host>/<project id>).");
        return authenticator.Authenticate(SentryAuthenticator.ParseProjectId(key.DsnProjectId ?? string.Empty), key);
    }
}
