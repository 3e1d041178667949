using System.Diagnostics;
using System.Net;

namespace CheckIns.DashboardBenchmark;

/// <summary>Times a page as a browser's first request sees it: until the whole rendered body has arrived.</summary>
internal sealed class PageTimer(HttpClient client)
{
    public async Task<double> TimeAsync(string path, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await BodyAsync(path, ct);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The page's HTML; anything but 200 stops the run (an error page must not pass for speed).</summary>
    public async Task<string> BodyAsync(string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        }

        return body;
    }
}
