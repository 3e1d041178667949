using System.Net;
using System.Text;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>Hostile input gets a 4xx, costs no more than the limits, and publishes nothing.</summary>
public sealed class HostileInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gzip_bomb_is_413()
    {
        await using var app = new IngestAppFactory();
        // 64 MiB of zeros compress to well under the 1 MiB limit; decompressed they exceed it.
        var bomb = ClientRequests.Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 1024 * 1024);

        var envelope = await app.CreateClient().SendAsync(Envelope(bomb, "gzip"), Ct);
        using var native = new HttpRequestMessage(HttpMethod.Post, "/v1/checkins") { Content = new ByteArrayContent(bomb) };
        native.Content.Headers.ContentEncoding.Add("gzip");
        var nativeResponse = await app.CreateInvocationClient().SendAsync(native, Ct);

        await HttpAssert.ProblemAsync(envelope, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.ProblemAsync(nativeResponse, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Envelope_with_ten_thousand_items_is_413()
    {
        await using var app = new IngestAppFactory();
        var body = new StringBuilder("{}\n");
        for (var i = 0; i < 10_000; i++)
        {
            body.Append("""{"type":"check_in"}""").Append('\n').Append("""{"monitor_slug":"m","status":"ok"}""").Append('\n');
        }

        var response = await app.CreateClient().SendAsync(Envelope(Encoding.UTF8.GetBytes(body.ToString())), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Slug_of_ten_thousand_characters_is_400_on_every_route()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();
        var slug = new string('a', 10_000);
        var item = $$"""{"monitor_slug":"{{slug}}","status":"ok"}""";

        var native = await client.PostAsync("/v1/checkins", HttpAssert.Json($$"""{"project_id":1,"monitor_slug":"{{slug}}","status":"ok"}"""), Ct);
        var envelope = await client.SendAsync(Envelope(Encoding.UTF8.GetBytes("{}\n{\"type\":\"check_in\"}\n" + item)), Ct);
        var cron = await client.GetAsync($"/api/1/cron/{slug}/publickey/?status=ok", Ct);
        var ping = await client.GetAsync($"/ping/publickey/{slug}", Ct);

        await HttpAssert.ProblemAsync(native, HttpStatusCode.BadRequest, "monitor_slug");
        await HttpAssert.ProblemAsync(envelope, HttpStatusCode.BadRequest, "monitor_slug");
        await HttpAssert.ProblemAsync(cron, HttpStatusCode.BadRequest, "monitor_slug");
        Assert.Equal(HttpStatusCode.BadRequest, ping.StatusCode);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Invalid_utf8_is_400()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateInvocationClient();
        byte[] invalid = [.. "{\"project_id\":1,\"monitor_slug\":\"caf"u8, 0xC3, 0x28, .. "\",\"status\":\"ok\"}"u8];
        byte[] itemPayload = [.. "{\"monitor_slug\":\"caf"u8, 0xFF, 0xFE, .. "\",\"status\":\"ok\"}"u8];
        byte[] envelopeBody = [.. "{}\n{\"type\":\"check_in\"}\n"u8, .. itemPayload];

        var native = await client.PostAsync("/v1/checkins", new ByteArrayContent(invalid), Ct);
        var envelope = await client.SendAsync(Envelope(envelopeBody), Ct);

        await HttpAssert.ProblemAsync(native, HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(envelope, HttpStatusCode.BadRequest);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{}\n")]
    [InlineData("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n\n")]
    [InlineData("")]
    [InlineData("\n")]
    public async Task Envelope_without_items_is_400(string body)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(Envelope(Encoding.UTF8.GetBytes(body)), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Theory]
    [InlineData("not json\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"a\",\"status\":\"ok\"}")]
    [InlineData("[]\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"a\",\"status\":\"ok\"}")]
    [InlineData("{}\n{\"length\":2}\n{}")]
    [InlineData("{}\n{\"type\":\"check_in\",\"length\":500}\n{\"monitor_slug\":\"a\",\"status\":\"ok\"}")]
    [InlineData("{}\n{\"type\":\"check_in\",\"length\":-1}\n{}")]
    [InlineData("{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"a\",")]
    [InlineData("{}\n{\"type\":\"check_in\"}\n[1]")]
    public async Task Malformed_envelope_is_400(string body)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().SendAsync(Envelope(Encoding.UTF8.GetBytes(body)), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Check_in_item_over_its_limit_is_413_and_the_envelope_limit_applies_before_decompression()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();
        var big = $$"""{"monitor_slug":"a","status":"ok","pad":"{{new string('x', 100 * 1024)}}"}""";
        var item = await client.SendAsync(Envelope(Encoding.UTF8.GetBytes("{}\n{\"type\":\"check_in\"}\n" + big)), Ct);
        var envelope = await client.SendAsync(Envelope(new byte[(1024 * 1024) + 1]), Ct);

        await HttpAssert.ProblemAsync(item, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.ProblemAsync(envelope, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, app.Publisher.Calls);
    }

    [Fact]
    public async Task Corrupt_gzip_is_400_and_unknown_encoding_is_415()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var corrupt = await client.SendAsync(Envelope("not gzip at all"u8.ToArray(), "gzip"), Ct);
        var zstd = await client.SendAsync(Envelope(ClientRequests.CliEnvelopeBody(), "zstd"), Ct);

        await HttpAssert.ProblemAsync(corrupt, HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(zstd, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, app.Publisher.Calls);
    }

    private static HttpRequestMessage Envelope(byte[] body, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/1/envelope/") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", "Sentry sentry_key=publickey, sentry_version=7");
        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        return request;
    }
}
