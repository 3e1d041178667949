using System.Security.Cryptography;
using System.Text;
using CheckIns.Ingest.Parsing;

namespace CheckIns.Ingest.Auth;

/// <summary>
/// The Dapr app token: when <c>APP_API_TOKEN</c> is set, daprd sends it as <c>dapr-api-token</c> on every call
/// it makes to the app, so a matching token says the call came through the sidecar (service invocation).
/// Read on every request, so a rotated token applies without a restart.
/// </summary>
public sealed class DaprAppToken(IConfiguration configuration)
{
    public const string ConfigurationKey = "APP_API_TOKEN";
    public const string HeaderName = "dapr-api-token";

    /// <summary>
    /// False when the request carries no app token; true when it carries the configured one. A token that
    /// does not match, a repeated header, or a token sent to an app that has none configured is a 401.
    /// </summary>
    public bool Verify(HttpRequest request)
    {
        var values = request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return false;
        }

        if (values.Count > 1)
        {
            throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "Multiple dapr-api-token values: send exactly one.");
        }

        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
        {
            throw new IngestRejectedException(
                StatusCodes.Status401Unauthorized,
                "A dapr-api-token was sent, but this app has no app token (APP_API_TOKEN) configured: send the project's key instead.");
        }

        // Digests of equal length, so that the comparison takes the same time whatever was sent.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0] ?? ""));
        if (!CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "Wrong dapr-api-token.");
        }

        return true;
    }
}
