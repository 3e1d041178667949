using System.Net;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Publishing;
using CheckIns.Ingest.Tests.Infrastructure;
using Dapr.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckIns.Ingest.Tests;

/// <summary>The real DaprClient publishing to an in-process sidecar: topic, component, partition key, body.</summary>
public sealed class DaprCheckInPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_check_in_is_published_to_the_topic_with_its_monitor_as_partition_key()
    {
        using var sidecar = new FakeDaprSidecar();
        using var dapr = sidecar.CreateClient();
        var publisher = new DaprCheckInPublisher(dapr, NullLogger<DaprCheckInPublisher>.Instance);
        var message = Message("nightly", "11111111111111111111111111111111");

        await publisher.PublishAsync([message], Ct);

        var request = Assert.Single(sidecar.Publishes);
        Assert.Equal(DaprNames.CheckInsPubSub, request.PubsubName);
        Assert.Equal(Topics.IngestMonitors, request.Topic);
        Assert.Equal("1:nightly", request.Metadata[PubSubMetadata.PartitionKey]);
        Assert.Equal("application/json", request.DataContentType);
        var json = JsonDocument.Parse(request.Data.ToByteArray()).RootElement;
        Assert.Equal(message.MessageId, json.GetProperty("message_id").GetString());
        var read = JsonSerializer.Deserialize(request.Data.ToByteArray(), ContractsJsonContext.Default.CheckInMessage)!;
        Assert.Equal(message.MonitorKey, read.MonitorKey);
        Assert.True(JsonElement.DeepEquals(message.Payload, read.Payload));
    }

    [Fact]
    public async Task Check_ins_of_one_monitor_go_out_in_one_bulk_publish_in_order()
    {
        using var sidecar = new FakeDaprSidecar();
        using var dapr = sidecar.CreateClient();
        var publisher = new DaprCheckInPublisher(dapr, NullLogger<DaprCheckInPublisher>.Instance);
        var a1 = Message("a", "1");
        var b = Message("b", "2");
        var a2 = Message("a", "3");
        var a3 = Message("a", "4");

        await publisher.PublishAsync([a1, b, a2, a3], Ct);

        var bulk = Assert.Single(sidecar.BulkPublishes);
        Assert.Equal("1:a", bulk.Metadata[PubSubMetadata.PartitionKey]);
        Assert.Equal(Topics.IngestMonitors, bulk.Topic);
        Assert.Equal(
            [a1.MessageId, a2.MessageId, a3.MessageId],
            bulk.Entries.Select(e => JsonDocument.Parse(e.Event.ToByteArray()).RootElement.GetProperty("message_id").GetString()));
        Assert.Equal("1:b", Assert.Single(sidecar.Publishes).Metadata[PubSubMetadata.PartitionKey]);
    }

    [Fact]
    public async Task Partial_bulk_failure_names_the_unpublished_check_ins()
    {
        using var sidecar = new FakeDaprSidecar();
        sidecar.FailBulkEntries.Add("1");
        using var dapr = sidecar.CreateClient();
        var publisher = new DaprCheckInPublisher(dapr, NullLogger<DaprCheckInPublisher>.Instance);
        var messages = new[] { Message("a", "1"), Message("a", "2"), Message("a", "3") };

        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync(messages, Ct));

        Assert.Equal([messages[1].MessageId], error.UnpublishedMessageIds);
    }

    [Fact]
    public async Task Unavailable_sidecar_fails_every_check_in()
    {
        using var sidecar = new FakeDaprSidecar { FailWithStatus = 14 };
        using var dapr = sidecar.CreateClient();
        var publisher = new DaprCheckInPublisher(dapr, NullLogger<DaprCheckInPublisher>.Instance);
        var messages = new[] { Message("a", "1"), Message("b", "2") };

        var error = await Assert.ThrowsAsync<CheckInPublishException>(() => publisher.PublishAsync(messages, Ct));

        Assert.Equal(messages.Select(m => m.MessageId).Order(), error.UnpublishedMessageIds.Order());
    }

    [Fact]
    public async Task Partial_bulk_failure_through_the_app_is_503_never_202()
    {
        using var sidecar = new FakeDaprSidecar();
        sidecar.FailBulkEntries.Add("2");
        await using var app = new IngestAppFactory();
        var client = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton(sidecar.CreateClient());
            services.AddSingleton<ICheckInPublisher, DaprCheckInPublisher>();
        })).CreateClient();

        var response = await client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""[{"project_id":1,"monitor_slug":"a","status":"in_progress"},{"project_id":1,"monitor_slug":"a","status":"ok"},{"project_id":1,"monitor_slug":"a","status":"ok"}]"""),
            Ct);
        sidecar.FailBulkEntries.Clear();
        var retried = await client.GetAsync("/api/1/cron/a/publickey/?status=ok", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(3, Assert.Single(sidecar.BulkPublishes).Entries.Count);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("1:a", Assert.Single(sidecar.Publishes).Metadata[PubSubMetadata.PartitionKey]);
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
