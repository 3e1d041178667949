using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace CheckIns.PipelineBenchmark;

/// <summary>Posts request bodies to ingest as a client would; anything but 202 stops the run (nothing may be lost silently).</summary>
internal sealed class CheckInPoster(HttpClient ingest) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>As fast as ingest answers, with at most <paramref name="concurrency"/> requests in flight.</summary>
    public Task PostAllAsync(int requests, Func<int, byte[]> body, int concurrency, CancellationToken ct) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, requests),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => await PostAsync(body(i), token));

    /// <summary>
    /// Open loop: request k starts at k / <paramref name="requestsPerSecond"/> seconds whatever the answers, so a
    /// slow pipeline shows as latency, not as a slower sender.
    /// </summary>
    public async Task PostPacedAsync(int requests, Func<int, byte[]> body, double requestsPerSecond, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(requests);
        for (var k = 0; k < requests; k++)
        {
            var due = TimeSpan.FromSeconds(k / requestsPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            inFlight.Add(PostAsync(body(k), ct));
        }

        await Task.WhenAll(inFlight);
    }

    private async Task PostAsync(byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/checkins", UriKind.Relative)) { Content = content };
        request.Headers.Add("dapr-api-token", PipelineHost.AppToken);
        using var response = await ingest.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {text}");
        }
    }

    public void Dispose() => ingest.Dispose();
}
