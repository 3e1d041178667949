using System.Text;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>A body that breaks its own framing is the client's mistake: a 400 that says so, not a server error, and nothing is published.</summary>
[Collection(KestrelCollection.Name)]
public sealed class AbortedRequestTests
{
    [Fact]
    public async Task Broken_chunk_framing_is_400_with_the_reason_and_nothing_is_published()
    {
        await using var app = KestrelIngestApp.Start();
        var request = RawHttp.Request(
            ["POST /v1/checkins HTTP/1.1", $"Host: {app.Host}", "Content-Type: application/json", "Transfer-Encoding: chunked", TestCredentials.AppTokenHeaderLine],
            Encoding.ASCII.GetBytes("zz\r\n{\"project_id\":1}\r\n0\r\n\r\n"));

        var response = await app.SendAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("The body could not be read", response.BodyText, StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Body_shorter_than_its_content_length_is_400_and_nothing_is_published()
    {
        await using var app = new IngestAppFactory();
        using var content = new ByteArrayContent("""{"project_id":1,"monitor_slug":"cut","status":"ok"}"""u8.ToArray());
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = content };
        content.Headers.ContentLength = 500;

        var response = await app.CreateInvocationClient().SendAsync(request, TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(0, app.Publisher.Calls);
    }
}
