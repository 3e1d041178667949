using System.Security.Cryptography;
using System.Text;
using CheckIns.Ingest.Parsing;

namespace CheckIns.Ingest.Auth;

/// <summary>
/// Guards the native API, the target of Dapr service invocation: when <c>APP_API_TOKEN</c> is
/// set, the sidecar sends it as <c>dapr-api-token</c> on every call, and a call without the
/// matching token did not come through Dapr. Read on every request, so a rotated token applies
/// without a restart.
/// </summary>
public sealed class DaprAppToken(IConfiguration configuration)
{
    public const string ConfigurationKey = "APP_API_TOKEN";
    public const string HeaderName = "dapr-api-token";

    public void Check(HttpRequest request)
    {
        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
        {
            return;
        }

        var presented = request.Headers[HeaderName].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            throw new IngestRejection(StatusCodes.Status401Unauthorized, "Missing or wrong dapr-api-token.");
        }
    }
}
