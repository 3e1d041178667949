using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CheckIns.Ingest.Tests.Fixtures;

/// <summary>
/// The check-in id of a Cronitor series, computed here from RFC 9562's recipe for a version-5 UUID rather than
/// by the code under test: SHA-1 of the namespace and "project\nslug\nseries", version and variant bits set.
/// </summary>
public static class CronitorIds
{
    public const string Namespace = "3f4d1c9e-7a52-4b8e-9d1f-6c0e2b7a5d48";

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Recomputes the version-5 (SHA-1) UUID the service derives.")]
    public static string Series(long projectId, string slug, string series)
    {
        var ns = Convert.FromHexString(Namespace.Replace("-", "", StringComparison.Ordinal));
        var name = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{projectId}\n{slug}\n{series}"));
        var hash = SHA1.HashData([.. ns, .. name]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
