using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using CheckIns.Ingest.Publishing;
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

    /// <summary>Answer BulkPublishEvent with UNIMPLEMENTED, as a runtime before Dapr 1.17 does; only the Alpha1 method works.</summary>
    public bool Alpha1Only { get; set; }

    /// <summary>Bulk publishes wait for this before they are answered (and recorded as answered), so that a test can hold the sidecar busy.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    /// <summary>Bulk publishes received so far, counted as they arrive (before <see cref="Gate"/>).</summary>
    public int BulkCallsStarted => Volatile.Read(ref _bulkCallsStarted);

    /// <summary>The dapr-api-token header of each call, or null when it had none.</summary>
    public ConcurrentQueue<string?> ApiTokens { get; } = new();

    /// <summary>Secret store name → secret name → key → value, served by GetBulkSecret.</summary>
    public ConcurrentDictionary<string, Dictionary<string, Dictionary<string, string>>> SecretStores { get; } = new();

    private int _bulkCallsStarted;

    /// <summary>The ingest app's bulk publisher, talking to this sidecar.</summary>
    public SidecarBulkPublisher CreateBulkPublisher(string? apiToken = null) => new(
        GrpcChannel.ForAddress("http://127.0.0.1:50001", new GrpcChannelOptions { HttpHandler = this, DisposeHttpClient = false }),
        apiToken);

    public DaprClient CreateClient() => new DaprClientBuilder()
        .UseGrpcEndpoint("http://127.0.0.1:50001")
        .UseHttpEndpoint("http://127.0.0.1:3500")
        .UseGrpcChannelOptions(new GrpcChannelOptions { HttpHandler = this, DisposeHttpClient = false })
        .Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        ApiTokens.Enqueue(request.Headers.TryGetValues("dapr-api-token", out var tokens) ? tokens.Single() : null);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var message = body.Length >= 5 ? body.AsSpan(5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4))).ToArray() : [];
        switch (path)
        {
            case Service + "PublishEvent":
                Publishes.Enqueue(Autogen.PublishEventRequest.Parser.ParseFrom(message));
                return FailWithStatus != 0 ? Status(FailWithStatus, "publish refused") : Reply([]);
            case Service + "BulkPublishEvent" when Alpha1Only:
                return Status(12, "unknown method BulkPublishEvent");
            case Service + "BulkPublishEvent" or Service + "BulkPublishEventAlpha1":
                var bulk = Autogen.BulkPublishRequest.Parser.ParseFrom(message);
                Interlocked.Increment(ref _bulkCallsStarted);
                await Gate.WaitAsync(cancellationToken);
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
