using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;

namespace CheckIns.Processor.Tests.Subscriptions;

public sealed class IngestMonitorsSubscriptionTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscribe_handler_declares_the_bulk_subscription_with_its_dead_letter_topic()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();

        var subscriptions = await client.GetFromJsonAsync<JsonElement>("/dapr/subscribe", TestContext.Current.CancellationToken);

        var subscription = subscriptions.EnumerateArray().Single(s => s.GetProperty("topic").GetString() == Topics.IngestMonitors);
        Assert.Equal(DaprNames.CheckInsPubSub, subscription.GetProperty("pubsubName").GetString());
        Assert.Equal(Topics.IngestMonitorsDeadLetter, subscription.GetProperty("deadLetterTopic").GetString());
        Assert.Equal("subscriptions/ingest-monitors", subscription.GetProperty("route").GetString()!.TrimStart('/'));
        Assert.True(subscription.GetProperty("bulkSubscribe").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Bulk_delivery_groups_by_monitor_in_arrival_order_and_answers_every_entry()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();
        var a1 = Messages.CheckIn(1, "alpha", "in_progress", At);
        var b1 = Messages.CheckIn(1, "beta", "ok", At);
        var a2 = Messages.CheckIn(1, "alpha", "ok", At.AddSeconds(5));
        var c1 = Messages.CheckIn(2, "alpha", "ok", At);
        var a3 = Messages.CheckIn(1, "alpha", "error", At.AddSeconds(9));

        var statuses = await PostBulkAsync(client, a1, b1, a2, c1, a3);

        Assert.Equal(["entry-0", "entry-1", "entry-2", "entry-3", "entry-4"], statuses.Keys.Order());
        Assert.All(statuses.Values, s => Assert.Equal(EntryStatus.Success, s));
        var calls = factory.Turns.ByMonitor();
        Assert.Equal(3, calls.Count);
        Assert.Equal([a1.MessageId, a2.MessageId, a3.MessageId], calls["1:alpha"]);
        Assert.Equal([b1.MessageId], calls["1:beta"]);
        Assert.Equal([c1.MessageId], calls["2:alpha"]);
    }

    [Fact]
    public async Task A_failed_turn_retries_its_own_group_only()
    {
        await using var factory = new SubscriptionFactory();
        factory.Turns.Failing["1:broken"] = true;
        using var client = factory.CreateClient();

        var statuses = await PostBulkAsync(
            client,
            Messages.CheckIn(1, "fine", "ok", At),
            Messages.CheckIn(1, "broken", "ok", At),
            Messages.CheckIn(1, "broken", "ok", At.AddSeconds(1)));

        Assert.Equal(EntryStatus.Success, statuses["entry-0"]);
        Assert.Equal(EntryStatus.Retry, statuses["entry-1"]);
        Assert.Equal(EntryStatus.Retry, statuses["entry-2"]);
    }

    [Fact]
    public async Task An_unreadable_entry_is_dropped_while_the_rest_of_the_batch_applies()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();
        var good = Messages.CheckIn(1, "alpha", "ok", At);
        var missingSlug = new Dictionary<string, object?> { ["message_id"] = "m-x", ["project_id"] = 1, ["received_at"] = At, ["payload"] = new { } };

        var body = Messages.BulkEnvelope(
            Messages.CloudEvent(Messages.ToJson(good)),
            Messages.CloudEvent("this is not a check-in"),
            Messages.CloudEvent(missingSlug),
            Messages.CloudEvent(new Dictionary<string, object?>(Messages.ToJson(good with { MessageId = "v9", Version = 9 }).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value))));
        var statuses = await PostAsync(client, body);

        Assert.Equal(EntryStatus.Success, statuses["entry-0"]);
        Assert.Equal(EntryStatus.Drop, statuses["entry-1"]);
        Assert.Equal(EntryStatus.Drop, statuses["entry-2"]);
        Assert.Equal(EntryStatus.Drop, statuses["entry-3"]);
        var call = Assert.Single(factory.Turns.Calls);
        Assert.Equal(good.MessageId, call.MessageId);
    }

    [Fact]
    public async Task A_slug_not_normalised_by_its_publisher_joins_its_monitor_group()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();
        var normal = Messages.CheckIn(1, "nightly-backup", "in_progress", At);
        var raw = Messages.CheckIn(1, "Nightly Backup", "ok", At.AddSeconds(1));

        var statuses = await PostBulkAsync(client, normal, raw);

        Assert.All(statuses.Values, s => Assert.Equal(EntryStatus.Success, s));
        var call = Assert.Single(factory.Turns.ByMonitor());
        Assert.Equal("1:nightly-backup", call.Key);
        Assert.Equal([normal.MessageId, raw.MessageId], call.Value);
    }

    [Fact]
    public async Task Raw_and_base64_events_are_read_too()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();
        var raw = Messages.CheckIn(1, "alpha", "ok", At);
        var encoded = Messages.CheckIn(1, "alpha", "ok", At.AddSeconds(1));
        var base64 = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(encoded, ContractsJsonContext.Default.CheckInMessage));

        var statuses = await PostAsync(client, Messages.BulkEnvelope(Messages.ToJson(raw), base64));

        Assert.All(statuses.Values, s => Assert.Equal(EntryStatus.Success, s));
        Assert.Equal([raw.MessageId, encoded.MessageId], Assert.Single(factory.Turns.ByMonitor()).Value);
    }

    [Fact]
    public async Task Groups_run_concurrently_up_to_the_configured_bound()
    {
        await using var factory = new SubscriptionFactory { MaxConcurrentMonitors = 2 };
        using var client = factory.CreateClient();
        factory.Turns.Hold();
        var messages = Enumerable.Range(0, 6).Select(i => Messages.CheckIn(1, $"m{i}", "ok", At)).ToArray();

        var post = PostBulkAsync(client, messages);
        await Poll.UntilAsync(() => factory.Turns.Running == 2);
        Assert.Equal(2, factory.Turns.Running);
        factory.Turns.Release();
        var statuses = await post;

        Assert.Equal(6, statuses.Count);
        Assert.All(statuses.Values, s => Assert.Equal(EntryStatus.Success, s));
        Assert.Equal(2, factory.Turns.MaxRunning);
    }

    [Fact]
    public async Task A_single_cloud_event_delivery_gets_a_single_status()
    {
        await using var factory = new SubscriptionFactory();
        using var client = factory.CreateClient();
        var message = Messages.CheckIn(1, "alpha", "ok", At);
        using var content = new StringContent(
            JsonSerializer.Serialize(Messages.CloudEvent(Messages.ToJson(message))), Encoding.UTF8, "application/cloudevents+json");

        using var response = await client.PostAsync(IngestMonitorsSubscription.Route, content, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(EntryStatus.Success, body.GetProperty("status").GetString());
        Assert.Equal(message.MessageId, Assert.Single(factory.Turns.Calls).MessageId);
    }

    [Fact]
    public async Task Pulses_are_acknowledged_without_a_turn_and_each_partition_reports_up_to_its_first_retry()
    {
        await using var factory = new SubscriptionFactory();
        factory.Turns.Failing["1:broken"] = true;
        using var client = factory.CreateClient();
        var unknownKind = Messages.CheckIn(1, "fine", "ok", At) with { Kind = "clock_tock" };

        var statuses = await PostAsync(client, PartitionedEnvelope(
            ("0", Messages.CheckIn(1, "fine", "ok", At)),
            ("0", Messages.CheckIn(1, "broken", "ok", At.AddSeconds(1))),
            ("0", ClockPulses.Create(At.AddSeconds(2), 0)),
            ("1", ClockPulses.Create(At.AddSeconds(3), 1)),
            ("1", unknownKind)));

        Assert.Equal(EntryStatus.Success, statuses["entry-0"]);
        Assert.Equal(EntryStatus.Retry, statuses["entry-1"]);
        Assert.Equal(EntryStatus.Success, statuses["entry-2"]); // SEMANTICS R21: a pulse is no check-in
        Assert.Equal(EntryStatus.Success, statuses["entry-3"]);
        Assert.Equal(EntryStatus.Drop, statuses["entry-4"]);
        Assert.Equal(["1:broken", "1:fine"], factory.Turns.Calls.Select(c => c.MonitorKey).Order(StringComparer.Ordinal));

        // Partition 0 stops before the check-in it will get again, however late the pulse behind it.
        var report = Assert.Single(factory.Clock.Reports);
        Assert.Equal([At], report["0"]);
        Assert.Equal([At.AddSeconds(3)], report["1"]);
    }

    private static string PartitionedEnvelope(params (string Partition, CheckInMessage Message)[] entries) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "com.dapr.event.sent.bulk",
            ["topic"] = Topics.IngestMonitors,
            ["pubsubname"] = DaprNames.CheckInsPubSub,
            ["entries"] = entries.Select((e, i) => new Dictionary<string, object?>
            {
                ["entryId"] = $"entry-{i}",
                ["event"] = Messages.CloudEvent(Messages.ToJson(e.Message)),
                ["contentType"] = "application/cloudevents+json",
                ["metadata"] = new Dictionary<string, string> { ["__partition"] = e.Partition },
            }),
        });

    private static Task<Dictionary<string, string>> PostBulkAsync(HttpClient client, params CheckInMessage[] messages) =>
        PostAsync(client, Messages.BulkEnvelope([.. messages.Select(m => (object)Messages.CloudEvent(Messages.ToJson(m)))]));

    private static async Task<Dictionary<string, string>> PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(IngestMonitorsSubscription.Route, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        // Dapr reads exactly these camelCase names.
        return json.GetProperty("statuses").EnumerateArray()
            .ToDictionary(s => s.GetProperty("entryId").GetString()!, s => s.GetProperty("status").GetString()!);
    }
}
