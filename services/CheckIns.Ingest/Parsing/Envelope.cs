using System.Globalization;
using System.Text.Json;

namespace CheckIns.Ingest.Parsing;

/// <summary>One item of an envelope: its type and payload bytes.</summary>
public sealed record EnvelopeItem(string Type, ReadOnlyMemory<byte> Payload);

/// <summary>A parsed envelope: its header line and its items in order.</summary>
public sealed record Envelope(JsonElement Header, IReadOnlyList<EnvelopeItem> Items)
{
    public const string CheckInItemType = "check_in";

    /// <summary>The header's <c>event_id</c>, echoed in the 200 answer as Relay does.</summary>
    public string? EventId => Header.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String
        ? id.GetString()
        : null;

    /// <summary>The header's <c>dsn</c>: the tunnel-mode credential when a request carries no other.</summary>
    public string? Dsn => Header.TryGetProperty("dsn", out var dsn) && dsn.ValueKind == JsonValueKind.String
        ? dsn.GetString()
        : null;

    /// <summary>"name/version" from the header's <c>sdk</c>, if any.</summary>
    public string? Sdk
    {
        get
        {
            if (!Header.TryGetProperty("sdk", out var sdk) || sdk.ValueKind != JsonValueKind.Object
                || !sdk.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return sdk.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                ? $"{name.GetString()}/{version.GetString()}"
                : name.GetString();
        }
    }

    /// <summary>
    /// Parses the newline-separated envelope format (CLIENTS 1.4): a header line, then per item
    /// a header line and a payload of <c>length</c> bytes, or up to the next newline when the
    /// item header has no length. The last item may or may not end with a newline.
    /// </summary>
    public static Envelope Parse(ReadOnlyMemory<byte> body, int maxItems, int maxCheckInBytes)
    {
        var span = body.Span;
        var position = 0;
        var headerLine = ReadLine(body, ref position);
        if (IsBlank(headerLine.Span))
        {
            throw IngestRejectedException.BadRequest("The envelope is empty: it has no header line.");
        }

        var header = ParseObject(headerLine, "The envelope header");
        var items = new List<EnvelopeItem>();
        while (position < span.Length)
        {
            var itemHeaderLine = ReadLine(body, ref position);
            if (IsBlank(itemHeaderLine.Span))
            {
                continue;
            }

            if (items.Count == maxItems)
            {
                throw IngestRejectedException.TooLarge($"The envelope has more than {maxItems} items.");
            }

            var itemHeader = ParseObject(itemHeaderLine, $"The header of item {items.Count + 1}");
            var type = ReadType(itemHeader, items.Count + 1);
            ReadOnlyMemory<byte> payload;
            if (itemHeader.TryGetProperty("length", out var lengthElement) && lengthElement.ValueKind != JsonValueKind.Null)
            {
                var length = ReadLength(lengthElement, items.Count + 1);
                if (length > span.Length - position)
                {
                    throw IngestRejectedException.BadRequest(
                        $"Item {items.Count + 1} declares {length} bytes but the envelope ends after {span.Length - position}.");
                }

                payload = body.Slice(position, (int)length);
                position += (int)length;
                if (position < span.Length && span[position] == (byte)'\n')
                {
                    position++;
                }
            }
            else
            {
                payload = ReadLine(body, ref position);
            }

            if (type == CheckInItemType && payload.Length > maxCheckInBytes)
            {
                throw IngestRejectedException.TooLarge(
                    $"The check_in item {items.Count + 1} is {payload.Length} bytes; the limit is {maxCheckInBytes}.");
            }

            items.Add(new EnvelopeItem(type, payload));
        }

        if (items.Count == 0)
        {
            throw IngestRejectedException.BadRequest("The envelope has no items.");
        }

        return new Envelope(header, items);
    }

    private static ReadOnlyMemory<byte> ReadLine(ReadOnlyMemory<byte> body, ref int position)
    {
        var rest = body[position..];
        var newline = rest.Span.IndexOf((byte)'\n');
        if (newline < 0)
        {
            position = body.Length;
            return rest;
        }

        position += newline + 1;
        var line = rest[..newline];
        return line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private static JsonElement ParseObject(ReadOnlyMemory<byte> line, string what)
    {
        var element = CheckInParser.ParseJson(line, what);
        return element.ValueKind == JsonValueKind.Object
            ? element
            : throw IngestRejectedException.BadRequest($"{what} must be a JSON object.");
    }

    private static string ReadType(JsonElement itemHeader, int number) =>
        itemHeader.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : throw IngestRejectedException.BadRequest($"The header of item {number} has no \"type\".", "type");

    private static long ReadLength(JsonElement length, int number) =>
        length.ValueKind == JsonValueKind.Number && length.TryGetInt64(out var value) && value >= 0
            ? value
            : throw IngestRejectedException.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"The \"length\" of item {number} must be a non-negative integer."),
                "length");
}
