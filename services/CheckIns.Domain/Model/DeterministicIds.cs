using System.Security.Cryptography;
using System.Text;

namespace CheckIns.Domain;

/// <summary>
/// Name-based ids (SHA-256, RFC 9562 version 8 layout): the same inputs give the same id, so a turn
/// re-run after a crash produces the same monitor guid, check-in guid, incident and fingerprint.
/// </summary>
public static class DeterministicIds
{
    public static Guid Guid(string kind, string a, string? b = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(a);
        var length = kind.Length + a.Length + (b?.Length ?? 0) + 2;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(kind, buffer);
        buffer[written++] = 0;
        written += Encoding.UTF8.GetBytes(a, buffer[written..]);
        buffer[written++] = 0;
        if (b is not null)
        {
            written += Encoding.UTF8.GetBytes(b, buffer[written..]);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer[..written], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Guid MonitorGuid(long projectId, string slug) =>
        Guid("monitor", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), slug);

    public static string EnvironmentId(Guid monitorGuid, string environment) =>
        Guid("environment", monitorGuid.ToString("N"), environment).ToString("N");

    /// <summary>D13: one grouphash per environment, so a later incident regresses the same issue.</summary>
    public static string Fingerprint(string environmentId) => Guid("crons", environmentId).ToString("N");

    public static string IncidentId(string environmentId, long ordinal) =>
        Guid("incident", environmentId, ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString("N");

    /// <summary>The check-in created for an all-zero check_in_id (R30).</summary>
    public static Guid CheckInForMessage(string messageId) => Guid("checkin", messageId);

    public static Guid MissedCheckIn(string environmentId, DateTimeOffset expected) =>
        Guid("missed", environmentId, expected.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string ErrorRecordId(string messageId) => Guid("error", messageId).ToString("N");
}
