using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace CheckIns.Contracts;

/// <summary>
/// Every id the suite derives instead of drawing at random, so that a re-run or a redelivery gives the same
/// id and the consumer drops the duplicate. The values are stored and published: they must never change.
/// <list type="bullet">
/// <item>The rules engine's name-based ids (<c>Guid</c> and the helpers after it): a 128-bit
/// MurmurHash3-style hash in the RFC 9562 version 8 layout, so a turn re-run after a crash produces the same
/// monitor guid, check-in guid, incident and fingerprint. Not cryptographic: the inputs are our own ids and a
/// client's own names, and a collision could only confuse the client's own monitor.</item>
/// <item>The ids Sentry draws at random for issue messages (<see cref="For"/>): 32 lowercase hex like
/// <c>uuid4().hex</c>, from SHA-256 of the source event id, so a redelivered event republishes the same message
/// and the issue platform can drop it.</item>
/// </list>
/// </summary>
public static class DeterministicIds
{
    /// <summary>Purpose of the occurrence id of an issue occurrence (<see cref="For"/>).</summary>
    public const string Occurrence = "occurrence";

    /// <summary>Purpose of the event id of an issue occurrence (<see cref="For"/>).</summary>
    public const string Event = "event";

    /// <summary>Purpose of the id of a status-change message (<see cref="For"/>).</summary>
    public const string StatusChange = "status_change";

    /// <summary>The id of an issue message for one purpose, derived from the event it is published for.</summary>
    public static string For(string purpose, string sourceEventId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"checkins:{purpose}:{sourceEventId}"), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

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

        Span<byte> hash = stackalloc byte[16];
        Hash128(buffer[..written], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private static void Hash128(ReadOnlySpan<byte> data, Span<byte> output)
    {
        const ulong C1 = 0x87c37b91114253d5UL;
        const ulong C2 = 0x4cf5ad432745937fUL;
        ulong h1 = 0x9e3779b97f4a7c15UL;
        ulong h2 = 0x9e3779b97f4a7c15UL;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 16, 8));
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice((i * 16) + 8, 8));
            h1 ^= BitOperations.RotateLeft(k1 * C1, 31) * C2;
            h1 = (BitOperations.RotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= BitOperations.RotateLeft(k2 * C2, 33) * C1;
            h2 = (BitOperations.RotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }

        Span<byte> tail = stackalloc byte[16];
        tail.Clear();
        data[(blocks * 16)..].CopyTo(tail);
        var t1 = BinaryPrimitives.ReadUInt64LittleEndian(tail[..8]);
        var t2 = BinaryPrimitives.ReadUInt64LittleEndian(tail[8..]);
        h2 ^= BitOperations.RotateLeft(t2 * C2, 33) * C1;
        h1 ^= BitOperations.RotateLeft(t1 * C1, 31) * C2;

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = Mix(h1);
        h2 = Mix(h2);
        h1 += h2;
        h2 += h1;
        BinaryPrimitives.WriteUInt64BigEndian(output[..8], h1);
        BinaryPrimitives.WriteUInt64BigEndian(output[8..], h2);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }

    public static Guid MonitorGuid(long projectId, string slug) =>
        Guid("monitor", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), slug);

    public static string EnvironmentId(Guid monitorGuid, string environment) =>
        Guid("environment", monitorGuid.ToString("N"), environment).ToString("N");

    /// <summary>
    /// D13 in Sentry's own form, <c>crons:{monitor_environment_id}</c>: one grouphash per environment, so a later
    /// incident regresses the same issue, and a consumer that groups like Sentry sees Sentry's key.
    /// </summary>
    public static string Fingerprint(string environmentId)
    {
        ArgumentNullException.ThrowIfNull(environmentId);
        return "crons:" + environmentId;
    }

    public static string IncidentId(string environmentId, long ordinal) =>
        Guid("incident", environmentId, ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString("N");

    /// <summary>The check-in created for an all-zero check_in_id (R30).</summary>
    public static Guid CheckInForMessage(string messageId) => Guid("checkin", messageId);

    public static Guid MissedCheckIn(string environmentId, DateTimeOffset expected) =>
        Guid("missed", environmentId, expected.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string ErrorRecordId(string messageId) => Guid("error", messageId).ToString("N");
}
