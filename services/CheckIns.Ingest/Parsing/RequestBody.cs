using System.Buffers;
using System.IO.Compression;

namespace CheckIns.Ingest.Parsing;

/// <summary>
/// Reads a request body within a size limit, before and after decompression, so that neither a
/// large upload nor a compression bomb costs more than the limit. Relay decodes gzip, deflate
/// and br; the real clients send gzip only (CLIENTS 1.4). Chunked and sized bodies alike.
/// </summary>
public static class RequestBody
{
    private const int ChunkSize = 16 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw IngestRejectedException.TooLarge($"The body is {request.ContentLength} bytes; the limit is {limit}.");
        }

        byte[] raw;
        try
        {
            // A declared length (what SDKs and curl send) is read into a buffer of exactly that size.
            raw = request.ContentLength is { } length
                ? await ReadDeclaredAsync(request.Body, (int)length, cancellationToken)
                : await ReadLimitedAsync(request.Body, limit, "The body", cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            // The client stopped sending mid-body, or broke the framing: its own fault, not a server error.
            throw new IngestRejectedException(e.StatusCode, $"The body could not be read: {e.Message}");
        }

        var encodings = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Codings are listed in the order they were applied; undo them from the last.
        for (var i = encodings.Length - 1; i >= 0; i--)
        {
            raw = await DecodeAsync(raw, encodings[i].ToLowerInvariant(), limit, cancellationToken);
        }

        return raw;
    }

    private static async Task<byte[]> DecodeAsync(byte[] encoded, string coding, long limit, CancellationToken cancellationToken)
    {
        using var input = new MemoryStream(encoded, writable: false);
        Stream? decoder = coding switch
        {
            "identity" => null,
            "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new IngestRejectedException(
                StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding \"{coding}\" is not supported; use gzip, deflate or br."),
        };
        if (decoder is null)
        {
            return encoded;
        }

        await using (decoder)
        {
            try
            {
                return await ReadLimitedAsync(decoder, limit, "The decompressed body", cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw IngestRejectedException.BadRequest($"The body is not valid {coding} data: {e.Message}");
            }
        }
    }

    private static async Task<byte[]> ReadDeclaredAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var read = await stream.ReadAtLeastAsync(body, length, throwOnEndOfStream: false, cancellationToken);
        return read == length ? body : throw IngestRejectedException.BadRequest($"The body ended after {read} of its {length} bytes.");
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, long limit, string what, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkSize);
        while (true)
        {
            var memory = buffer.GetMemory(ChunkSize);
            var read = await stream.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw IngestRejectedException.TooLarge($"{what} is larger than the limit of {limit} bytes.");
            }
        }
    }
}
