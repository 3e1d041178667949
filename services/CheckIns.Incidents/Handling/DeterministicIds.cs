using System.Security.Cryptography;
using System.Text;

namespace CheckIns.Incidents.Handling;

/// <summary>
/// Ids that Sentry draws at random (occurrence id, event id, status-change id: 32 lowercase hex, like
/// <c>uuid4().hex</c>) are derived here from the source event id, so that a redelivered event republishes the same
/// message and the issue platform can drop the duplicate.
/// </summary>
public static class DeterministicIds
{
    public const string Occurrence = "occurrence";
    public const string Event = "event";
    public const string StatusChange = "status_change";

    public static string For(string purpose, string sourceEventId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"checkins:{purpose}:{sourceEventId}"), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
