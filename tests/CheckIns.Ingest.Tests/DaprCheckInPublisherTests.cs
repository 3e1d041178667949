using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;
using CheckIns.Ingest.Tests.Infrastructure;
using DaprEmulator.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using EmulatedMessage = DaprEmulator.PubSub.PublishedMessage;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// The ingest publisher over the sidecar's gRPC bulk publish, against an emulated sidecar: what reaches the topic
/// (the partition key of every check-in, the body), and from the sidecar's API log how requests share calls.
/// </summary>
public sealed class DaprCheckInPublisherTests : IAsyncLifetime
{
    private const string BulkPublish = "BulkPublishEvent";

    private DaprTestEnvironment _env = null!;
    private string _grpcEndpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<EmulatedMessage> Published => _env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors);

    private IEnumerable<int> BulkCallSizes => _env.Cluster.GrpcCalls.Of(BulkPublish).Select(c => c.Entries);

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources") }, Ct);
        _grpcEndpoint = (await _env.StartSidecarAsync(AppIds.Ingest, Ct)).GrpcEndpoint;
        _env.Cluster.GrpcCalls.Start();
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task One_check_in_is_published_to_the_topic_with_its_monitor_as_partition_key()
    {
        await using var publisher = Publisher();
        var message = Message("nightly", "11111111111111111111111111111111");

        await publisher.PublishAsync([message], Ct);

        var published = Assert.Single(Published);
        Assert.Equal("1:nightly", published.PartitionKey);
        Assert.Equal("application/json", published.DataContentType);
        var json = JsonDocument.Parse(published.Data.ToArray()).RootElement;
        Assert.Equal(message.MessageId, json.GetProperty("message_id").GetString());
        var read = JsonSerializer.Deserialize(published.Data.Span, ContractsJsonContext.Default.CheckInMessage)!;
        Assert.Equal(message.MonitorKey, read.MonitorKey);
        Assert.True(JsonElement.DeepEquals(message.Payload, read.Payload));
    }

    [Fact]
    public async Task Each_published_call_is_one_information_line_with_its_counts()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var publisher = Publisher(logger: factory.CreateLogger<DaprCheckInPublisher>());

        await publisher.PublishAsync([Message("a", "1"), Message("b", "2")], Ct);

        var line = Assert.Single(logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("Published 2 check-ins of 1 requests in ", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ins_of_several_monitors_go_out_in_one_call_in_order_each_keyed_by_its_monitor()
    {
        await using var publisher = Publisher();
        var a1 = Message("a", "1");
        var b = Message("b", "2");
        var a2 = Message("a", "3");

        await publisher.PublishAsync([a1, b, a2], Ct);

        Assert.Equal([3], BulkCallSizes);
        Assert.Equal(
            [(a1.MessageId, "1:a"), (b.MessageId, "1:b"), (a2.MessageId, "1:a")],
            Published.Select(m => (MessageIdOf(m), m.PartitionKey)));
        // The key is each entry's own: no metadata for the whole call that would give every entry one key.
        Assert.All(Published, m => Assert.Equal([PubSubMetadata.PartitionKey], m.Metadata.Keys));
    }

    [Fact]
    public async Task Requests_that_arrive_while_a_call_is_in_flight_share_the_next_call()
    {
        _env.Cluster.GrpcFaults.Hold(BulkPublish);
        await using var publisher = Publisher(concurrency: 1);

        var first = publisher.PublishAsync([Message("first", "1")], Ct);
        await WaitUntilAsync(() => BulkCallSizes.Count() == 1);
        var second = publisher.PublishAsync([Message("second", "2")], Ct);
        var third = publisher.PublishAsync([Message("third", "3"), Message("third", "4")], Ct);
        _env.Cluster.GrpcFaults.Release(BulkPublish);
        await Task.WhenAll(first, second, third);

        Assert.Equal([1, 3], BulkCallSizes);
        Assert.Equal(["1:second", "1:third", "1:third"], Published.Skip(1).Select(m => m.PartitionKey));
    }

    [Fact]
    public async Task A_call_takes_no_more_entries_than_the_batch_limit_but_never_splits_a_request()
    {
        _env.Cluster.GrpcFaults.Hold(BulkPublish);
        await using var publisher = Publisher(concurrency: 1, maxEntries: 3);

        var held = publisher.PublishAsync([Message("held", "0")], Ct);
        await WaitUntilAsync(() => BulkCallSizes.Count() == 1);
        var queued = new[]
        {
            publisher.PublishAsync([Message("a", "1"), Message("a", "2")], Ct),
            publisher.PublishAsync([Message("b", "3"), Message("b", "4")], Ct),
            publisher.PublishAsync([Message("c", "5"), Message("c", "6"), Message("c", "7"), Message("c", "8")], Ct),
        };
        _env.Cluster.GrpcFaults.Release(BulkPublish);
        await Task.WhenAll([held, .. queued]);

        Assert.Equal([1, 2, 2, 4], BulkCallSizes);
    }

    [Fact]
    public async Task Partial_failure_fails_only_the_request_whose_check_ins_were_refused_and_names_them()
    {
        _env.Cluster.GrpcFaults.Hold(BulkPublish);
        await using var publisher = Publisher(concurrency: 1);
        var held = publisher.PublishAsync([Message("held", "0")], Ct);
        // Wait until the held call has stored its check-in, so the fault below is left for the next call.
        await WaitUntilAsync(() => Published.Count == 1);

        // The next call carries the first request's two check-ins, then the second request's; the broker refuses
        // the first check-in it is given.
        _env.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.IngestMonitors);
        var refused = new[] { Message("a", "1"), Message("a", "2") };
        var partly = publisher.PublishAsync(refused, Ct);
        var ok = publisher.PublishAsync([Message("ok", "3")], Ct);
        _env.Cluster.GrpcFaults.Release(BulkPublish);

        await held;
        await ok;
        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => partly);
        Assert.Equal([refused[0].MessageId], error.UnpublishedMessageIds);
        Assert.Equal([1, 3], BulkCallSizes);
    }

    [Fact]
    public async Task Disposing_waits_for_the_call_in_flight_and_its_request_is_answered()
    {
        _env.Cluster.GrpcFaults.Hold(BulkPublish);
        var publisher = Publisher(concurrency: 1);
        var inFlight = publisher.PublishAsync([Message("last", "1")], Ct);
        await WaitUntilAsync(() => BulkCallSizes.Count() == 1);

        var disposed = publisher.DisposeAsync().AsTask();
        Assert.False(disposed.IsCompleted);
        _env.Cluster.GrpcFaults.Release(BulkPublish);
        await disposed;

        await inFlight;
        await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync([Message("late", "2")], Ct));
    }

    [Fact]
    public async Task Unavailable_sidecar_fails_every_check_in()
    {
        // Nobody listens on the discard port: the sidecar is not there.
        await using var publisher = Publisher(grpcEndpoint: "http://127.0.0.1:9");
        var messages = new[] { Message("a", "1"), Message("b", "2") };

        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync(messages, Ct));

        Assert.Equal(messages.Select(m => m.MessageId).Order(), error.UnpublishedMessageIds.Order());
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_runtime_before_1_17_is_reached_through_the_alpha1_method()
    {
        _env.Cluster.GrpcFaults.Unimplement(BulkPublish);
        await using var publisher = Publisher();

        await publisher.PublishAsync([Message("old", "1")], Ct);
        await publisher.PublishAsync([Message("old", "2")], Ct);

        Assert.Equal(2, Published.Count);
        // Only the first publish asked the stable method; the publisher remembers the answer.
        Assert.Equal([BulkPublish, "BulkPublishEventAlpha1", "BulkPublishEventAlpha1"], _env.Cluster.GrpcCalls.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task The_dapr_api_token_goes_with_every_call()
    {
        await using var publisher = Publisher(apiToken: "sidecar-secret");

        await publisher.PublishAsync([Message("a", "1")], Ct);

        Assert.Equal(["sidecar-secret"], _env.Cluster.GrpcCalls.Calls.Select(c => c.ApiToken));
    }

    private DaprCheckInPublisher Publisher(
        int concurrency = 4, int maxEntries = 500, string? apiToken = null, ILogger<DaprCheckInPublisher>? logger = null, string? grpcEndpoint = null) => new(
        new SidecarBulkPublisher(GrpcChannel.ForAddress(grpcEndpoint ?? _grpcEndpoint), apiToken),
        Options.Create(new IngestOptions { PublishConcurrency = concurrency, PublishBatchMaxEntries = maxEntries }),
        TimeProvider.System,
        logger ?? NullLogger<DaprCheckInPublisher>.Instance);

    private static string? MessageIdOf(EmulatedMessage message) =>
        JsonDocument.Parse(message.Data.ToArray()).RootElement.GetProperty("message_id").GetString();

    /// <summary>Polls a condition that another thread makes true, with a bound so that a broken publisher fails the test.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, bound.Token);
        }
    }

    private static CheckInMessage Message(string slug, string id) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        ProjectId = 1,
        ReceivedAt = IngestAppFactory.Now,
        MonitorSlug = slug,
        Payload = JsonDocument.Parse($$"""{"check_in_id":"{{id}}","monitor_slug":"{{slug}}","status":"ok"}""").RootElement.Clone(),
        Source = "native",
    };
}
