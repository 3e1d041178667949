using System.Net.Http.Headers;

namespace CheckIns.Dashboard.Tests.Support;

/// <summary>
/// Keeps the cookies a response sets and sends them back, Secure ones included: outside Development the dashboard's
/// cookies are Secure, which HttpClient's own container would not send over the suite's plain loopback HTTP.
/// </summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyList<string> SetCookieHeaders { get; private set; } = [];

    public void Take(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            SetCookieHeaders = [];
            return;
        }

        SetCookieHeaders = [.. values];
        foreach (var header in SetCookieHeaders)
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    public void AddTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
    }
}

/// <summary>A browser-like HTTP client of the dashboard: no redirects followed, cookies kept.</summary>
public sealed class DashboardHttp(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };

    public CookieJar Cookies { get; } = new();

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    public async Task<string> TextAsync(string path)
    {
        using var response = await GetAsync(path);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        Cookies.AddTo(request);
        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Cookies.Take(response);
        return response;
    }

    public void Dispose() => _client.Dispose();
}
