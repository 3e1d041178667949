using System.Net;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;
using CheckIns.Ingest.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// The ingest publisher over the sidecar's gRPC bulk publish, against an in-process sidecar that records each call:
/// topic, component, the partition key of every entry, the body, and how concurrent requests share calls.
/// </summary>
public sealed class DaprCheckInPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_check_in_is_published_to_the_topic_with_its_monitor_as_partition_key()
    {
        using var sidecar = new FakeDaprSidecar();
        await using var publisher = Publisher(sidecar);
        var message = Message("nightly", "11111111111111111111111111111111");

        await publisher.PublishAsync([message], Ct);

        var request = Assert.Single(sidecar.BulkPublishes);
        Assert.Equal(DaprNames.CheckInsPubSub, request.PubsubName);
        Assert.Equal(Topics.IngestMonitors, request.Topic);
        var entry = Assert.Single(request.Entries);
        Assert.Equal("1:nightly", entry.Metadata[PubSubMetadata.PartitionKey]);
        Assert.Equal("application/json", entry.ContentType);
        var json = JsonDocument.Parse(entry.Event.ToByteArray()).RootElement;
        Assert.Equal(message.MessageId, json.GetProperty("message_id").GetString());
        var read = JsonSerializer.Deserialize(entry.Event.ToByteArray(), ContractsJsonContext.Default.CheckInMessage)!;
        Assert.Equal(message.MonitorKey, read.MonitorKey);
        Assert.True(JsonElement.DeepEquals(message.Payload, read.Payload));
    }

    [Fact]
    public async Task Each_published_call_is_one_information_line_with_its_counts()
    {
        using var sidecar = new FakeDaprSidecar();
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var publisher = Publisher(sidecar, logger: factory.CreateLogger<DaprCheckInPublisher>());

        await publisher.PublishAsync([Message("a", "1"), Message("b", "2")], Ct);

        var line = Assert.Single(logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("Published 2 check-ins of 1 requests in ", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ins_of_several_monitors_go_out_in_one_call_in_order_each_keyed_by_its_monitor()
    {
        using var sidecar = new FakeDaprSidecar();
        await using var publisher = Publisher(sidecar);
        var a1 = Message("a", "1");
        var b = Message("b", "2");
        var a2 = Message("a", "3");

        await publisher.PublishAsync([a1, b, a2], Ct);

        var bulk = Assert.Single(sidecar.BulkPublishes);
        Assert.Empty(bulk.Metadata);
        Assert.Equal(
            [(a1.MessageId, "1:a"), (b.MessageId, "1:b"), (a2.MessageId, "1:a")],
            bulk.Entries.Select(e => (MessageIdOf(e), e.Metadata[PubSubMetadata.PartitionKey])));
    }

    [Fact]
    public async Task Requests_that_arrive_while_a_call_is_in_flight_share_the_next_call()
    {
        using var sidecar = new FakeDaprSidecar();
        var gate = new TaskCompletionSource();
        sidecar.Gate = gate.Task;
        await using var publisher = Publisher(sidecar, concurrency: 1);

        var first = publisher.PublishAsync([Message("first", "1")], Ct);
        await WaitUntilAsync(() => sidecar.BulkCallsStarted == 1);
        var second = publisher.PublishAsync([Message("second", "2")], Ct);
        var third = publisher.PublishAsync([Message("third", "3"), Message("third", "4")], Ct);
        gate.SetResult();
        await Task.WhenAll(first, second, third);

        Assert.Equal([1, 3], sidecar.BulkPublishes.Select(b => b.Entries.Count));
        Assert.Equal(["1:second", "1:third", "1:third"], sidecar.BulkPublishes.Last().Entries.Select(e => e.Metadata[PubSubMetadata.PartitionKey]));
    }

    [Fact]
    public async Task A_call_takes_no_more_entries_than_the_batch_limit_but_never_splits_a_request()
    {
        using var sidecar = new FakeDaprSidecar();
        var gate = new TaskCompletionSource();
        sidecar.Gate = gate.Task;
        await using var publisher = Publisher(sidecar, concurrency: 1, maxEntries: 3);

        var held = publisher.PublishAsync([Message("held", "0")], Ct);
        await WaitUntilAsync(() => sidecar.BulkCallsStarted == 1);
        var queued = new[]
        {
            publisher.PublishAsync([Message("a", "1"), Message("a", "2")], Ct),
            publisher.PublishAsync([Message("b", "3"), Message("b", "4")], Ct),
            publisher.PublishAsync([Message("c", "5"), Message("c", "6"), Message("c", "7"), Message("c", "8")], Ct),
        };
        gate.SetResult();
        await Task.WhenAll([held, .. queued]);

        Assert.Equal([1, 2, 2, 4], sidecar.BulkPublishes.Select(b => b.Entries.Count));
    }

    [Fact]
    public async Task Partial_failure_fails_only_the_request_whose_check_ins_were_refused_and_names_them()
    {
        using var sidecar = new FakeDaprSidecar();
        var gate = new TaskCompletionSource();
        sidecar.Gate = gate.Task;
        await using var publisher = Publisher(sidecar, concurrency: 1);
        var held = publisher.PublishAsync([Message("held", "0")], Ct);
        await WaitUntilAsync(() => sidecar.BulkCallsStarted == 1);

        // The next call carries entries "0" (ok) then "1" and "2" (the second request; "2" is refused).
        sidecar.FailBulkEntries.Add("2");
        var ok = publisher.PublishAsync([Message("ok", "1")], Ct);
        var refused = new[] { Message("a", "2"), Message("a", "3") };
        var partly = publisher.PublishAsync(refused, Ct);
        gate.SetResult();

        await held;
        await ok;
        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => partly);
        Assert.Equal([refused[1].MessageId], error.UnpublishedMessageIds);
    }

    [Fact]
    public async Task Disposing_waits_for_the_call_in_flight_and_its_request_is_answered()
    {
        using var sidecar = new FakeDaprSidecar();
        var gate = new TaskCompletionSource();
        sidecar.Gate = gate.Task;
        var publisher = Publisher(sidecar, concurrency: 1);
        var inFlight = publisher.PublishAsync([Message("last", "1")], Ct);
        await WaitUntilAsync(() => sidecar.BulkCallsStarted == 1);

        var disposed = publisher.DisposeAsync().AsTask();
        Assert.False(disposed.IsCompleted);
        gate.SetResult();
        await disposed;

        await inFlight;
        await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync([Message("late", "2")], Ct));
    }

    [Fact]
    public async Task Unavailable_sidecar_fails_every_check_in()
    {
        using var sidecar = new FakeDaprSidecar { FailWithStatus = 14 };
        await using var publisher = Publisher(sidecar);
        var messages = new[] { Message("a", "1"), Message("b", "2") };

        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync(messages, Ct));

        Assert.Equal(messages.Select(m => m.MessageId).Order(), error.UnpublishedMessageIds.Order());
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_runtime_before_1_17_is_reached_through_the_alpha1_method()
    {
        using var sidecar = new FakeDaprSidecar { Alpha1Only = true };
        await using var publisher = Publisher(sidecar);

        await publisher.PublishAsync([Message("old", "1")], Ct);
        await publisher.PublishAsync([Message("old", "2")], Ct);

        Assert.Equal(2, sidecar.BulkPublishes.Count);
        // Only the first publish asked the stable method; the publisher remembers the answer.
        Assert.Equal(3, sidecar.ApiTokens.Count);
    }

    [Fact]
    public async Task The_dapr_api_token_goes_with_every_call()
    {
        using var sidecar = new FakeDaprSidecar();
        await using var publisher = Publisher(sidecar, apiToken: "sidecar-secret");

        await publisher.PublishAsync([Message("a", "1")], Ct);

        Assert.Equal(["sidecar-secret"], sidecar.ApiTokens);
    }

    [Fact]
    public async Task Partial_bulk_failure_through_the_app_is_503_never_202()
    {
        using var sidecar = new FakeDaprSidecar();
        sidecar.FailBulkEntries.Add("2");
        await using var app = new IngestAppFactory();
        var client = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton(sidecar.CreateBulkPublisher());
            services.AddSingleton<ICheckInPublisher, DaprCheckInPublisher>();
        })).CreateClient().AsSidecar();

        var response = await client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""[{"project_id":1,"monitor_slug":"a","status":"in_progress"},{"project_id":1,"monitor_slug":"a","status":"ok"},{"project_id":1,"monitor_slug":"a","status":"ok"}]"""),
            Ct);
        sidecar.FailBulkEntries.Clear();
        var retried = await client.GetAsync("/api/1/cron/a/publickey/?status=ok", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal([3, 1], sidecar.BulkPublishes.Select(b => b.Entries.Count));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("1:a", Assert.Single(sidecar.BulkPublishes.Last().Entries).Metadata[PubSubMetadata.PartitionKey]);
    }

    private static DaprCheckInPublisher Publisher(
        FakeDaprSidecar sidecar, int concurrency = 4, int maxEntries = 500, string? apiToken = null, ILogger<DaprCheckInPublisher>? logger = null) => new(
        sidecar.CreateBulkPublisher(apiToken),
        Options.Create(new IngestOptions { PublishConcurrency = concurrency, PublishBatchMaxEntries = maxEntries }),
        TimeProvider.System,
        logger ?? NullLogger<DaprCheckInPublisher>.Instance);

    private static string? MessageIdOf(Dapr.Client.Autogen.Grpc.v1.BulkPublishRequestEntry entry) =>
        JsonDocument.Parse(entry.Event.ToByteArray()).RootElement.GetProperty("message_id").GetString();

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
