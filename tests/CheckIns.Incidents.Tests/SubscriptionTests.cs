using System.Net;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents.Tests;

/// <summary>The subscription as daprd sees it: its declaration, and how each delivery is answered (DAPR.md §2.4).</summary>
public sealed class SubscriptionTests : IAsyncLifetime
{
    private readonly IncidentsAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Declares_monitors_status_on_checkins_pubsub_with_a_dead_letter_topic()
    {
        var client = _app.CreateClient();

        var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/dapr/subscribe", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;

        var subscription = Assert.Single(json.EnumerateArray());
        Assert.Equal(DaprNames.CheckInsPubSub, subscription.GetProperty("pubsubName").GetString());
        Assert.Equal(Topics.MonitorsStatus, subscription.GetProperty("topic").GetString());
        Assert.Equal(Topics.MonitorsStatusDeadLetter, subscription.GetProperty("deadLetterTopic").GetString());
        Assert.Equal("events/monitors-status", subscription.GetProperty("route").GetString()!.TrimStart('/'));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"event_id":"e","kind":"incident_occurrence"}""")]
    [InlineData("""{"event_id":"e","kind":"something_new","project_id":1,"monitor":{"guid":"g","slug":"s","name":"n"},"environment":"p","environment_status":"ok","received_at":"2026-03-01T00:00:00Z","occurred_at":"2026-03-01T00:00:00Z"}""")]
    [InlineData("""{"event_id":"e","kind":"incident_occurrence","project_id":1,"monitor":{"guid":"g","slug":"s","name":"n"},"environment":"p","environment_status":"error","received_at":"2026-03-01T00:00:00Z","occurred_at":"2026-03-01T00:00:00Z"}""")]
    [InlineData("""{"event_id":"","kind":"incident_resolved","project_id":1,"monitor":{"guid":"g","slug":"s","name":"n"},"environment":"p","environment_status":"ok","received_at":"2026-03-01T00:00:00Z","occurred_at":"2026-03-01T00:00:00Z","incident":{"id":"i","fingerprint":"f","starting_check_in_id":"c","starting_timestamp":"2026-03-01T00:00:00Z"}}""")]
    public async Task An_event_that_can_never_be_handled_is_dropped_to_the_dead_letter_topic_and_changes_nothing(string data)
    {
        var client = _app.CreateClient();

        var status = await (await client.DeliverRawAsync(data)).DaprStatusAsync();

        Assert.Equal("DROP", status);
        Assert.Empty(_app.Publisher.Published);
        Assert.Empty(_app.StoredKeys);
    }

    [Fact]
    public async Task A_status_change_without_an_incident_is_acknowledged_and_touches_no_issue()
    {
        var client = _app.CreateClient();
        var evt = Events.Occurrence() with
        {
            Kind = MonitorStatusEventKinds.EnvironmentStatusChanged,
            Incident = null,
            EnvironmentStatus = "ok",
        };

        Assert.Equal("SUCCESS", await (await client.DeliverAsync(evt)).DaprStatusAsync());

        Assert.Empty(_app.Publisher.Published);
        Assert.Empty(_app.StoredKeys);
    }

    [Fact]
    public async Task Additive_fields_from_a_newer_processor_are_accepted()
    {
        var client = _app.CreateClient();
        var json = JsonSerializer.SerializeToNode(Events.Occurrence(), ContractsJsonContext.Default.MonitorStatusEvent)!.AsObject();
        json["a_field_from_the_future"] = 1;

        Assert.Equal("SUCCESS", await (await client.DeliverRawAsync(json.ToJsonString())).DaprStatusAsync());
        Assert.Single(_app.Publisher.Published);
    }

    [Fact]
    public async Task A_concurrent_write_to_the_issue_is_reloaded_and_both_changes_survive()
    {
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence(eventId: "evt-1"));

        // While evt-2 is applied, another instance applies evt-3 to the same issue first.
        var issueKey = IssueRepository.IssueKey(Events.ProjectId, Events.Fingerprint);
        var interfered = false;
        _app.Store.BeforeSave = async key =>
        {
            if (key != issueKey || interfered)
            {
                return;
            }

            interfered = true;
            var repository = new IssueRepository(_app.Store);
            var loaded = (await repository.GetAsync(Events.ProjectId, Events.Fingerprint, default))!;
            var other = Handling.IssueTransitions.Apply(loaded.Record, Events.Occurrence(eventId: "evt-3", checkInId: "ci-3"), occurrence: null);
            await _app.PutAsync(issueKey, JsonSerializer.SerializeToUtf8Bytes(other, IncidentsJsonContext.Default.IssueRecord));
        };

        Assert.Equal("SUCCESS", await (await client.DeliverAsync(Events.Occurrence(eventId: "evt-2", checkInId: "ci-2"))).DaprStatusAsync());

        Assert.True(_app.Store.Conflicts >= 1);
        var stored = (await new IssueRepository(_app.Store).GetAsync(Events.ProjectId, Events.Fingerprint, TestContext.Current.CancellationToken))!.Record;
        Assert.True(stored.HasSeen("evt-1"));
        Assert.True(stored.HasSeen("evt-2"));
        Assert.True(stored.HasSeen("evt-3"));
    }

    [Fact]
    public async Task Endless_conflicts_fail_the_delivery_for_a_later_retry_instead_of_losing_the_event()
    {
        var client = _app.CreateClient();
        var issueKey = IssueRepository.IssueKey(Events.ProjectId, Events.Fingerprint);
        _app.Store.BeforeSave = async key =>
        {
            if (key == issueKey)
            {
                // Another writer always gets there first.
                await _app.PutAsync(issueKey, JsonSerializer.SerializeToUtf8Bytes(
                    Handling.IssueTransitions.Apply(null, Events.Occurrence(eventId: "other"), null),
                    IncidentsJsonContext.Default.IssueRecord));
            }
        };

        var response = await client.DeliverAsync(Events.Occurrence(eventId: "evt-1"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        _app.Store.BeforeSave = null;
        Assert.Equal("SUCCESS", await (await client.DeliverAsync(Events.Occurrence(eventId: "evt-1"))).DaprStatusAsync());
        var stored = (await new IssueRepository(_app.Store).GetAsync(Events.ProjectId, Events.Fingerprint, TestContext.Current.CancellationToken))!.Record;
        Assert.True(stored.HasSeen("evt-1"));
    }

    [Fact]
    public void The_dedupe_window_is_bounded_and_forgets_the_oldest_ids_first()
    {
        var issue = Handling.IssueTransitions.Apply(null, Events.Occurrence(eventId: "e0"), null);
        for (var i = 1; i <= IssueRecord.SeenEventWindow; i++)
        {
            issue = Handling.IssueTransitions.Apply(issue, Events.Occurrence(eventId: $"e{i}"), null);
        }

        Assert.Equal(IssueRecord.SeenEventWindow, issue.SeenEventIds.Count);
        Assert.False(issue.HasSeen("e0"));
        Assert.True(issue.HasSeen("e1"));
        Assert.True(issue.HasSeen($"e{IssueRecord.SeenEventWindow}"));
    }
}
