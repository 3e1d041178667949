using System.Net.Sockets;
using System.Text;

namespace CheckIns.Ingest.Tests.Infrastructure;

/// <summary>A response read off the socket: status, headers and body bytes.</summary>
public sealed record RawResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Sends a request byte for byte over a TCP connection, the way a client's HTTP stack wrote
/// it (request line, headers, chunked or sized body), and reads the HTTP/1.1 answer.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        var reader = new ResponseReader(stream);
        return await reader.ReadAsync(cancellationToken);
    }

    /// <summary>Joins header lines with CRLF, ends the head, and appends the body bytes.</summary>
    public static byte[] Request(IEnumerable<string> head, byte[] body)
    {
        var text = string.Join("\r\n", head) + "\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(text), .. body];
    }

    /// <summary>Frames a body as HTTP/1.1 chunks of the given sizes, then the last chunk.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        var output = new List<byte>();
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            var size = Math.Min(chunkSize, body.Length - offset);
            output.AddRange(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            output.AddRange(body.AsSpan(offset, size).ToArray());
            output.AddRange("\r\n"u8.ToArray());
        }

        output.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. output];
    }

    private sealed class ResponseReader(NetworkStream stream)
    {
        private readonly List<byte> _buffer = [];

        public async Task<RawResponse> ReadAsync(CancellationToken cancellationToken)
        {
            var head = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray(), cancellationToken));
            var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = lines.Skip(1)
                .Select(l => l.Split(':', 2))
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            byte[] body;
            if (headers.TryGetValue("Content-Length", out var length))
            {
                body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            }
            else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                var all = new List<byte>();
                while (true)
                {
                    var sizeLine = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray(), cancellationToken));
                    var size = Convert.ToInt32(sizeLine.Trim(), 16);
                    if (size == 0)
                    {
                        await ReadUntilAsync("\r\n"u8.ToArray(), cancellationToken);
                        break;
                    }

                    all.AddRange(await ReadExactlyAsync(size, cancellationToken));
                    await ReadExactlyAsync(2, cancellationToken);
                }

                body = [.. all];
            }
            else
            {
                body = [];
            }

            return new RawResponse(status, headers, body);
        }

        private async Task<byte[]> ReadUntilAsync(byte[] terminator, CancellationToken cancellationToken)
        {
            while (true)
            {
                var index = IndexOf(terminator);
                if (index >= 0)
                {
                    var result = _buffer.Take(index).ToArray();
                    _buffer.RemoveRange(0, index + terminator.Length);
                    return result;
                }

                await FillAsync(cancellationToken);
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            while (_buffer.Count < count)
            {
                await FillAsync(cancellationToken);
            }

            var result = _buffer.Take(count).ToArray();
            _buffer.RemoveRange(0, count);
            return result;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            var chunk = new byte[8192];
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection before the response was complete.");
            }

            _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        private int IndexOf(byte[] terminator)
        {
            for (var i = 0; i <= _buffer.Count - terminator.Length; i++)
            {
                var match = true;
                for (var j = 0; j < terminator.Length && match; j++)
                {
                    match = _buffer[i + j] == terminator[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
