using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Payloads;

/// <summary>
/// Reads the client's check-in object (SEMANTICS R16) in one pass without copying it. Each step of the
/// pipeline asks for the part it judges, in Sentry's order (R30–R33); keys not listed are ignored.
/// </summary>
internal readonly struct CheckInPayload
{
    public const int MaxDurationMs = int.MaxValue;
    public const int MaxEnvironmentLength = 64;
    public const string DefaultEnvironment = "production";

    private readonly JsonElement _checkInId;
    private readonly JsonElement _status;
    private readonly JsonElement _environment;
    private readonly JsonElement _duration;
    private readonly JsonElement _contexts;
    private readonly JsonElement _monitorConfig;

    public CheckInPayload(JsonElement root)
    {
        IsObject = root.ValueKind == JsonValueKind.Object;
        if (!IsObject)
        {
            return;
        }

        foreach (var property in root.EnumerateObject())
        {
            // The raw name is compared as it stands unless it holds an escape; NameEquals unescapes each time.
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var escaped = raw.IndexOf((byte)'\\') >= 0;
            if (Named(property, raw, escaped, "check_in_id"u8))
            {
                _checkInId = property.Value;
            }
            else if (Named(property, raw, escaped, "status"u8))
            {
                _status = property.Value;
            }
            else if (Named(property, raw, escaped, "environment"u8))
            {
                _environment = property.Value;
            }
            else if (Named(property, raw, escaped, "duration"u8))
            {
                _duration = property.Value;
            }
            else if (Named(property, raw, escaped, "contexts"u8))
            {
                _contexts = property.Value;
            }
            else if (Named(property, raw, escaped, "monitor_config"u8))
            {
                _monitorConfig = property.Value;
            }
        }
    }

    private static bool Named(JsonProperty property, ReadOnlySpan<byte> raw, bool escaped, ReadOnlySpan<byte> name) =>
        escaped ? property.NameEquals(name) : raw.SequenceEqual(name);

    public bool IsObject { get; }

    private static JsonElement? Present(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? null : value;

    /// <summary>The environment element when it is a non-empty string; anything else means "production" (R43).</summary>
    public JsonElement? EnvironmentString =>
        Present(_environment) is { ValueKind: JsonValueKind.String } e && !e.ValueEquals(""u8) ? e : null;

    /// <summary>R30: parses check_in_id; the all-zero UUID means "latest in-progress" (R51).</summary>
    public bool TryReadGuid(out Guid guid, out bool useLatest)
    {
        guid = Guid.Empty;
        useLatest = false;
        if (Present(_checkInId) is not { ValueKind: JsonValueKind.String } element)
        {
            return false;
        }

        var parsed = TryParseGuid(element, out guid);
        useLatest = parsed && guid == Guid.Empty;
        return parsed;
    }

    /// <summary>Hex UUID with or without hyphens (R16); braces and other forms are refused.</summary>
    internal static bool TryParseGuid(JsonElement element, out Guid guid)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            var text = raw[1..^1];
            if (text.Length == 36 && Utf8Parser.TryParse(text, out guid, out var consumed, 'D') && consumed == 36)
            {
                return true;
            }

            if (text.Length == 32 && Utf8Parser.TryParse(text, out guid, out consumed, 'N') && consumed == 32)
            {
                return true;
            }

            guid = Guid.Empty;
            return false;
        }

        var s = element.GetString();
        return Guid.TryParseExact(s, "D", out guid) || Guid.TryParseExact(s, "N", out guid);
    }

    public JsonElement? MonitorConfig => Present(_monitorConfig) is { ValueKind: not JsonValueKind.Null } c ? c : null;

    /// <summary>R32, R33: validates status, duration, environment and trace id; fields that are absent pass.</summary>
    public ValidatedPayload Validate()
    {
        // Created on the first error only: a valid check-in allocates nothing here.
        ConfigErrors? errors = null;
        if (!IsObject)
        {
            Add(ref errors, "non_field_errors", "Invalid data. Expected a dictionary.");
            return new ValidatedPayload(default, null, null, errors.ToMap());
        }

        var status = ReadStatus(ref errors);
        var duration = ReadDuration(ref errors);
        if (Present(_environment) is { } environment && environment.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            Add(ref errors, "environment", "Not a valid string.");
        }

        var traceId = ReadTraceId(ref errors);
        return errors is { Any: true }
            ? new ValidatedPayload(default, null, null, errors.ToMap())
            : new ValidatedPayload(status, duration, traceId, null);
    }

    private static void Add([NotNull] ref ConfigErrors? errors, string field, string message) => (errors ??= new ConfigErrors()).Add(field, message);

    private CheckInStatus ReadStatus(ref ConfigErrors? errors)
    {
        // Q7 fixed: a missing status is refused here instead of crashing later.
        if (Present(_status) is not { } status || status.ValueKind == JsonValueKind.Null)
        {
            Add(ref errors, "status", ConfigErrors.Required);
            return default;
        }

        if (status.ValueKind == JsonValueKind.String)
        {
            if (status.ValueEquals("ok"u8))
            {
                return CheckInStatus.Ok;
            }

            if (status.ValueEquals("error"u8))
            {
                return CheckInStatus.Error;
            }

            if (status.ValueEquals("in_progress"u8))
            {
                return CheckInStatus.InProgress;
            }

            Add(ref errors, "status", $"\"{status.GetString()}\" is not a valid choice.");
            return default;
        }

        Add(ref errors, "status", $"\"{status.GetRawText()}\" is not a valid choice.");
        return default;
    }

    private int? ReadDuration(ref ConfigErrors? errors)
    {
        if (Present(_duration) is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds))
        {
            Add(ref errors, "duration", ConfigErrors.NotAnInteger);
            return null;
        }

        // R32: seconds → whole milliseconds, truncated toward zero, before the range check.
        var ms = Math.Truncate(seconds * 1000);
        if (ms < 0)
        {
            Add(ref errors, "duration", ConfigErrors.AtLeast(0));
            return null;
        }

        if (ms > MaxDurationMs)
        {
            Add(ref errors, "duration", ConfigErrors.AtMost(MaxDurationMs));
            return null;
        }

        return (int)ms;
    }

    private string? ReadTraceId(ref ConfigErrors? errors)
    {
        // Q7 fixed: a null or non-object contexts (or trace) carries no trace id instead of crashing.
        if (Present(_contexts) is not { ValueKind: JsonValueKind.Object } contexts
            || !contexts.TryGetProperty("trace", out var trace) || trace.ValueKind != JsonValueKind.Object
            || !trace.TryGetProperty("trace_id", out var traceId) || traceId.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (traceId.ValueKind == JsonValueKind.String && TryParseGuid(traceId, out var guid))
        {
            return guid.ToString("N");
        }

        Add(ref errors, "trace_id", "Must be a valid UUID.");
        return null;
    }
}
