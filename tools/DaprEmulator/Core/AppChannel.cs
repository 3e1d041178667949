using System.Net.Http.Headers;

namespace DaprEmulator.Core;

/// <summary>The sidecar → app HTTP channel, shared by every sidecar of the cluster.</summary>
public sealed class AppChannel : IDisposable
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Content-Length", "dapr-app-id",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    public static bool IsForwardable(string header) => !s_hopByHop.Contains(header);

    public async Task<AppResponse> SendAsync(
        Uri address,
        HttpMethod method,
        string pathAndQuery,
        byte[]? body,
        string? contentType,
        IEnumerable<KeyValuePair<string, string[]>>? headers,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(address, pathAndQuery));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (!string.IsNullOrEmpty(contentType))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var (name, values) in headers ?? [])
        {
            if (!IsForwardable(name) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var responseBody = await response.Content.ReadAsByteArrayAsync(ct);
        var responseHeaders = response.Headers
            .Concat(response.Content.Headers)
            .Where(h => IsForwardable(h.Key) && !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray()))
            .ToList();
        return new AppResponse((int)response.StatusCode, responseBody, response.Content.Headers.ContentType?.ToString(), responseHeaders);
    }

    public void Dispose() => _http.Dispose();
}
