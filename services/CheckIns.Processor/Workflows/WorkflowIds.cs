using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Instance ids, each derived from what it is for, so a redelivery, a heartbeat or a second firing finds the
/// instance already there. Ids keep to letters, digits, '-' and '_'; anything else is hashed.
/// </summary>
public static class WorkflowIds
{
    /// <summary>The check-in's own workflow: <c>checkin-{message_id}</c>.</summary>
    public static string CheckIn(string messageId) => "checkin-" + Safe(messageId);

    /// <summary>The durable wait of one running check-in, derivable by every later check-in with its check_in_id.</summary>
    public static string Timeout(string monitorKey, string environment, Guid checkInId) =>
        "timeout-" + Hash($"{monitorKey}\n{environment}\n{checkInId:N}");

    /// <summary>Missed detection of one monitor for the deadline its wake-up fired for.</summary>
    public static string Tick(string monitorKey, DateTimeOffset deadline) =>
        "tick-" + Hash(monitorKey) + "-" + deadline.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Safe(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : Hash(value);

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}
