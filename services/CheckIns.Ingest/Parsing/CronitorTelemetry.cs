using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// Cronitor's telemetry event (CLIENTS 7) as a Sentry check-in: <c>state</c> run → in_progress,
/// complete and ok → ok, fail → error, none (a heartbeat, a "tick") → ok; <c>env</c> is the
/// environment, <c>metric=duration:&lt;seconds&gt;</c> the duration, and <c>series</c> pairs a run
/// with its completion, as a check_in_id does. <c>message</c>, <c>host</c>, <c>status_code</c>,
/// <c>stamp</c> and the other metrics have no place in a Sentry check-in and are not kept.
/// </summary>
public static class CronitorTelemetry
{
    public const string StateParameter = "state";

    /// <summary>The namespace of the ids derived from a series (a random UUID, fixed once).</summary>
    private static readonly Guid SeriesNamespace = new("3f4d1c9e-7a52-4b8e-9d1f-6c0e2b7a5d48");

    /// <summary>Whether a request is a Cronitor event: Healthchecks never sends a <c>state</c>.</summary>
    public static bool IsTelemetry(IQueryCollection query) => query.ContainsKey(StateParameter);

    /// <summary>
    /// The check-in of one event for <paramref name="monitorKey"/> of <paramref name="projectId"/>. A run
    /// without a series starts a new check-in (a fresh id), since every Cronitor run is a run of its own;
    /// a completion or failure without one closes the latest run (the nil id, R51).
    /// </summary>
    public static JsonElement Build(IQueryCollection query, long projectId, string monitorKey)
    {
        var state = Single(query, StateParameter);
        var status = state switch
        {
            null or "" => "ok",
            "run" => "in_progress",
            "complete" or "ok" => "ok",
            "fail" => "error",
            _ => throw IngestRejectedException.BadRequest("invalid state: expected run, complete, fail or ok", StateParameter),
        };

        var series = Single(query, "series");
        var checkInId = series is { Length: > 0 }
            ? SeriesCheckInId(projectId, MonitorSlugs.Normalize(monitorKey), series)
            : status == "in_progress" ? Guid.NewGuid() : Guid.Empty;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("check_in_id", checkInId.ToString());
            writer.WriteString("monitor_slug", monitorKey);
            writer.WriteString("status", status);
            if (Single(query, "env") is { Length: > 0 } environment)
            {
                writer.WriteString("environment", environment);
            }

            if (Duration(query) is { } duration)
            {
                writer.WriteNumber("duration", duration);
            }

            // Cronitor creates a monitor on its first event; create-only (the origin says so), so it never overwrites one (README).
            writer.WritePropertyName("monitor_config");
            DefaultMonitorConfig.WriteCronitorTo(writer);
            writer.WriteEndObject();
        }

        return CheckInParser.ParseJson(buffer.WrittenMemory, "The event");
    }

    /// <summary>
    /// The check-in id of a series: a name-based UUID (version 5, SHA-1) of project, normalised monitor key and
    /// series, so that a run and its completion land on the same check-in whichever ingest instance takes them.
    /// </summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 9562 version-5 UUIDs are SHA-1 by definition; the id names a series, it protects nothing.")]
    public static Guid SeriesCheckInId(long projectId, string slug, string series)
    {
        var name = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{projectId}\n{slug}\n{series}"));
        var input = new byte[16 + name.Length];
        SeriesNamespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// <c>metric</c> repeats (<c>count:5</c>, <c>error_count:0</c>, custom names); only <c>duration</c>, in
    /// seconds, has a place in a check-in. A duration that is not a number, or two of them, is refused.
    /// </summary>
    private static double? Duration(IQueryCollection query)
    {
        double? duration = null;
        foreach (var metric in query["metric"])
        {
            if (metric is null || !metric.StartsWith("duration:", StringComparison.Ordinal))
            {
                continue;
            }

            if (duration is not null)
            {
                throw IngestRejectedException.BadRequest("invalid metric: duration is given more than once", "metric");
            }

            var text = metric["duration:".Length..];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
            {
                throw IngestRejectedException.BadRequest("invalid metric: duration must be a number of seconds", "metric");
            }

            duration = seconds;
        }

        return duration;
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw IngestRejectedException.BadRequest($"invalid {name}: given more than once", name),
        };
    }
}
