using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Dapr.Client;
using Google.Protobuf;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace CheckIns.Ingest.Tests.Infrastructure;

/// <summary>
/// The sidecar's gRPC publish API in process (DAPR.md 3.3 b): a real <see cref="DaprClient"/>
/// talks to it through an HttpMessageHandler, so the requests it records are exactly what
/// daprd would receive. Faults are injected per call.
/// </summary>
public sealed class FakeDaprSidecar : HttpMessageHandler
{
    private const string Service = "/dapr.proto.runtime.v1.Dapr/";

    public ConcurrentQueue<Autogen.PublishEventRequest> Publishes { get; } = new();

    public ConcurrentQueue<Autogen.BulkPublishRequest> BulkPublishes { get; } = new();

    /// <summary>A gRPC status code to fail every publish with (14 = UNAVAILABLE), or 0.</summary>
    public int FailWithStatus { get; set; }

    /// <summary>Entry ids that a bulk publish reports as failed.</summary>
    public HashSet<string> FailBulkEntries { get; } = [];

    /// <summary>Secret store name → secret name → key → value, served by GetBulkSecret.</summary>
    public ConcurrentDictionary<string, Dictionary<string, Dictionary<string, string>>> SecretStores { get; } = new();

    public DaprClient CreateClient() => new DaprClientBuilder()
        .UseGrpcEndpoint("http://127.0.0.1:50001")
        .UseHttpEndpoint("http://127.0.0.1:3500")
        .UseGrpcChannelOptions(new GrpcChannelOptions { HttpHandler = this, DisposeHttpClient = false })
        .Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var message = body.Length >= 5 ? body.AsSpan(5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4))).ToArray() : [];
        switch (path)
        {
            case Service + "PublishEvent":
                Publishes.Enqueue(Autogen.PublishEventRequest.Parser.ParseFrom(message));
                return FailWithStatus != 0 ? Status(FailWithStatus, "publish refused") : Reply([]);
            case Service + "BulkPublishEvent" or Service + "BulkPublishEventAlpha1":
                var bulk = Autogen.BulkPublishRequest.Parser.ParseFrom(message);
                BulkPublishes.Enqueue(bulk);
                if (FailWithStatus != 0)
                {
                    return Status(FailWithStatus, "bulk publish refused");
                }

                var response = new Autogen.BulkPublishResponse();
                foreach (var entry in bulk.Entries.Where(e => FailBulkEntries.Contains(e.EntryId)))
                {
                    response.FailedEntries.Add(new Autogen.BulkPublishResponseFailedEntry { EntryId = entry.EntryId, Error = "broker refused entry" });
                }

                return Reply(response.ToByteArray());
            case Service + "GetBulkSecret":
                var secretRequest = Autogen.GetBulkSecretRequest.Parser.ParseFrom(message);
                if (!SecretStores.TryGetValue(secretRequest.StoreName, out var store))
                {
                    return Status(3, $"secret store {secretRequest.StoreName} not found");
                }

                var secrets = new Autogen.GetBulkSecretResponse();
                foreach (var (name, values) in store)
                {
                    var secret = new Autogen.SecretResponse();
                    secret.Secrets.Add(values);
                    secrets.Data.Add(name, secret);
                }

                return Reply(secrets.ToByteArray());
            default:
                // The reflection probe and anything else: UNIMPLEMENTED, as a sidecar without them answers.
                return Status(12, "unimplemented");
        }
    }

    private static HttpResponseMessage Reply(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        var response = Grpc(new ByteArrayContent(frame));
        response.TrailingHeaders.Add("grpc-status", "0");
        return response;
    }

    private static HttpResponseMessage Status(int status, string detail)
    {
        var response = Grpc(new ByteArrayContent([]));
        response.TrailingHeaders.Add("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.TrailingHeaders.Add("grpc-message", detail);
        return response;
    }

    private static HttpResponseMessage Grpc(HttpContent content)
    {
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        return new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = content };
    }
}
