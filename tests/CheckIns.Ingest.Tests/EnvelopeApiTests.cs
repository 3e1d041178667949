using System.Net;
using System.Text;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

public sealed class EnvelopeApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Several_items_of_mixed_framing_publish_only_the_check_ins_in_order()
    {
        await using var app = new IngestAppFactory();
        const string First = """{"check_in_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","monitor_slug":"one","status":"in_progress"}""";
        const string Second = """{"check_in_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","monitor_slug":"one","status":"ok","duration":1.5}""";
        const string Third = """{"monitor_slug":"two","status":"error"}""";
        var attachment = "binary\nwith\nnewlines";
        var body =
            "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"sent_at\":\"2026-11-24T21:00:00Z\"}\n"
            + $"{{\"type\":\"check_in\",\"length\":{First.Length}}}\n{First}\n"
            + $"{{\"type\":\"attachment\",\"length\":{attachment.Length},\"filename\":\"log.txt\"}}\n{attachment}\n"
            + "{\"type\":\"client_report\"}\n{\"discarded_events\":[]}\n"
            + $"{{\"type\":\"check_in\",\"length\":{Second.Length}}}\n{Second}"
            + "\n\n"
            + "{\"type\":\"event\"}\n{\"message\":\"hello\"}\n"
            + "{\"type\":\"check_in\"}\n" + Third;

        var response = await app.CreateClient().SendAsync(Request(Encoding.UTF8.GetBytes(body)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Relay echoes the header's event_id.
        Assert.Equal("""{"id":"9ec79c33ec9942ab8353589fcb2e04dc"}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["1:one", "1:one", "1:two"], app.Publisher.Published.Select(m => m.MonitorKey));
        Published.PayloadEquals(First, app.Publisher.Published[0]);
        Published.PayloadEquals(Second, app.Publisher.Published[1]);
        Published.PayloadEquals("""{"monitor_slug":"two","status":"error","check_in_id":"00000000-0000-0000-0000-000000000000"}""", app.Publisher.Published[2]);
        Assert.Equal(1, app.Publisher.Calls);
    }

    [Fact]
    public async Task Route_without_trailing_slash_is_served_too()
    {
        await using var app = new IngestAppFactory();
        using var request = Request("{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"x\",\"status\":\"ok\"}\n"u8.ToArray(), "/api/1/envelope");

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(Ct));
        Assert.Single(app.Publisher.Published);
    }

    [Fact]
    public async Task Deflate_and_brotli_bodies_are_decoded()
    {
        await using var app = new IngestAppFactory();
        var body = "{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"x\",\"status\":\"ok\"}"u8.ToArray();

        foreach (var (encoding, bytes) in new[] { ("deflate", Compress(body, s => new System.IO.Compression.ZLibStream(s, System.IO.Compression.CompressionLevel.Fastest))), ("br", Compress(body, s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionLevel.Fastest))) })
        {
            using var request = Request(bytes);
            request.Content!.Headers.ContentEncoding.Add(encoding);
            var response = await app.CreateClient().SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, app.Publisher.Published.Count);
    }

    [Fact]
    public async Task A_bad_check_in_item_refuses_the_whole_envelope()
    {
        await using var app = new IngestAppFactory();
        var body = "{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"a\",\"status\":\"ok\"}\n{\"type\":\"check_in\"}\n{\"status\":\"ok\"}\n"u8.ToArray();

        var response = await app.CreateClient().SendAsync(Request(body), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "monitor_slug");
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Publish_failure_is_503_with_retry_after()
    {
        await using var app = new IngestAppFactory(new Dictionary<string, string?> { ["Ingest:RetryAfterSeconds"] = "17" });
        app.Publisher.Fail = true;

        var response = await app.CreateClient().SendAsync(Request("{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"x\",\"status\":\"ok\"}"u8.ToArray()), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(17), response.Headers.RetryAfter?.Delta);
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    private static HttpRequestMessage Request(byte[] body, string path = "/api/1/envelope/")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", "Sentry sentry_key=publickey, sentry_version=7");
        return request;
    }
}
