using System.Text;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// At-least-once delivery end to end: duplicates are applied once, a broker failure after the actor's save is
/// made good by the check-in workflow's retried publish, and an unreadable message is dead-lettered without holding back its batch.
/// </summary>
public sealed class DeliveryGuaranteeTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_check_in_delivered_twice_to_the_processor_is_applied_once()
    {
        await _suite.CheckInAsync("twice", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        _suite.Env.Faults.DeliverTwice(DaprNames.CheckInsPubSub, Topics.IngestMonitors);
        await _suite.CheckInAsync("twice", "error");
        await _suite.WaitForIdleAsync();

        Assert.Single(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors), m => m.DataJson.GetProperty("payload").GetProperty("status").GetString() == "error");
        var environment = await _suite.EnvironmentAsync("twice");
        Assert.Equal(2, environment.GetProperty("recent_checkins").GetArrayLength());
        Assert.Single(_suite.Occurrences());
        var issue = Assert.Single(await _suite.IncidentsAsync());
        Assert.Equal(1, issue.GetProperty("occurrence_count").GetInt32());
    }

    [Fact]
    public async Task A_status_event_whose_publish_fails_after_the_save_reaches_incidents_once_from_the_outbox()
    {
        await _suite.CheckInAsync("flaky-broker", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        var eventsBefore = _suite.StatusEvents().Count;

        _suite.Env.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.MonitorsStatus);
        // What the workflow publishes later also reaches the incidents app twice: its event-id memory must hold.
        _suite.Env.Faults.DeliverTwice(DaprNames.CheckInsPubSub, Topics.MonitorsStatus, count: 10);
        await _suite.CheckInAsync("flaky-broker", "error");
        await _suite.WaitForIdleAsync();

        // The check-in was applied (the read API shows the failure) but its events wait for the publish retry.
        Assert.Equal("error", (await _suite.EnvironmentAsync("flaky-broker")).GetProperty("status").GetString());
        Assert.Equal(eventsBefore, _suite.StatusEvents().Count);
        Assert.Empty(_suite.Occurrences());

        // The publish activity is retried on a durable timer (5 s, doubling) and publishes what is left.
        await _suite.AdvanceAsync(TimeSpan.FromSeconds(31));
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1)); // and nothing more comes later

        var events = _suite.StatusEvents().Skip(eventsBefore).ToList();
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("event_id").GetString()).Distinct().Count());
        Assert.Single(_suite.Occurrences());
        var issue = Assert.Single(await _suite.IncidentsAsync("?status=open"));
        Assert.Equal(1, issue.GetProperty("occurrence_count").GetInt32());
    }

    [Fact]
    public async Task A_check_in_ingest_could_not_publish_is_answered_503_and_its_retry_is_applied_once()
    {
        var id = Guid.NewGuid();
        var body = CheckInJson.Of("retried", "ok", CheckInJson.Hourly, id);
        _suite.Env.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.IngestMonitors);

        using (var refused = await _suite.PostCheckInAsync(body))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await _suite.WaitForIdleAsync();
        Assert.Null(await _suite.MonitorAsync("retried"));

        using (var accepted = await _suite.PostCheckInAsync(body))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await _suite.WaitForIdleAsync();
        var checkIn = Assert.Single((await _suite.EnvironmentAsync("retried")).GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(id, Guid.Parse(checkIn.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Check_ins_sent_while_the_processor_is_down_are_applied_when_it_is_back_and_its_reminders_survive()
    {
        await _suite.CheckInAsync("survivor", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        await _suite.Env.StopAppAsync(AppIds.Processor);
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("survivor", "error"); // ingest still accepts: the message waits on the topic
        await _suite.WaitForIdleAsync();
        await _suite.Env.RestartAppAsync(AppIds.Processor, TestContext.Current.CancellationToken);
        await _suite.WaitForIdleAsync();

        var environment = await _suite.EnvironmentAsync("survivor");
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.Equal(2, environment.GetProperty("recent_checkins").GetArrayLength());
        Assert.Single(_suite.Occurrences());

        // The wake-up reminder armed before the stop still finds the missed 11:00 run (late after 11:05).
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(66));
        var missed = (await _suite.EnvironmentAsync("survivor")).GetProperty("recent_checkins")[0];
        Assert.Equal("missed", missed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_message_the_processor_cannot_read_goes_to_the_dead_letter_topic_and_the_rest_of_its_batch_applies()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        _suite.Env.HoldDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        await _suite.CheckInAsync("mixed-batch", "ok", CheckInJson.Hourly, first);
        // Published on ingest's topic as ingest's sidecar would, with the monitor's key so it lands in the same batch.
        // The environment disposes the client.
        var asIngest = _suite.Env.CreateDaprClient(AppIds.Ingest);
        await asIngest.PublishByteEventAsync(
            DaprNames.CheckInsPubSub,
            Topics.IngestMonitors,
            Encoding.UTF8.GetBytes("this is not a check-in"),
            "text/plain",
            new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = MonitorKeys.Of(CheckInsSuite.ProjectId, "mixed-batch") },
            TestContext.Current.CancellationToken);

        await _suite.CheckInAsync("mixed-batch", "ok", checkInId: second);
        _suite.Env.ReleaseDelivery(Topics.IngestMonitors, DaprNames.CheckInsPubSub);
        await _suite.WaitForIdleAsync();

        var dead = Assert.Single(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter));
        Assert.Equal("this is not a check-in", dead.DataText);
        var checkIns = (await _suite.EnvironmentAsync("mixed-batch")).GetProperty("recent_checkins").EnumerateArray()
            .Select(c => Guid.Parse(c.GetProperty("id").GetString()!)).ToList();
        Assert.Equal([second, first], checkIns); // newest first
    }
}
