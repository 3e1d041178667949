using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Incidents.Handling;

namespace CheckIns.Incidents.Tests;

/// <summary>What an incident occurrence event puts on <c>ingest-occurrences</c> (SEMANTICS R118, R119, D14).</summary>
public sealed class OccurrencePublishingTests : IAsyncLifetime
{
    private readonly IncidentsAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Occurrence_event_publishes_one_sentry_shaped_occurrence_keyed_by_fingerprint_and_project()
    {
        var client = _app.CreateClient();

        var status = await (await client.DeliverAsync(Events.Occurrence())).DaprStatusAsync();

        Assert.Equal("SUCCESS", status);
        var message = Assert.Single(_app.Publisher.Published);
        Assert.Equal("crons:17-42", message.PartitionKey); // R118 key "{fingerprint[0]}-{project_id}"

        var json = message.Json;
        Assert.Equal("occurrence", json.GetProperty("payload_type").GetString());
        Assert.Equal(4001, json.GetProperty("type").GetInt32());
        Assert.Equal(42, json.GetProperty("project_id").GetInt64());
        Assert.Equal(["crons:17"], json.GetProperty("fingerprint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Cron failure: Nightly backup", json.GetProperty("issue_title").GetString());
        Assert.Equal("Your monitor is failing: An error check-in was detected.", json.GetProperty("subtitle").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("resource_id").ValueKind);
        Assert.Equal("", json.GetProperty("culprit").GetString());
        Assert.Equal("error", json.GetProperty("level").GetString());
        Assert.Equal("user:7", json.GetProperty("assignee").GetString());
        Assert.Equal(Events.T0.ToUnixTimeSeconds(), json.GetProperty("detection_time").GetDouble()); // D14: the check-in's date_added
        var data = json.GetProperty("evidence_data");
        Assert.Equal("ci-1", data.GetProperty("failed_checkin_id").GetString());
        Assert.Equal(["ci-1"], data.GetProperty("previous_checkin_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("17", data.GetProperty("monitor_environment_id").GetString());

        var evidence = json.GetProperty("evidence_display").EnumerateArray().ToList();
        Assert.Equal(["Failure reason", "Environment", "Last successful check-in"], evidence.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(["An error check-in was detected", "production", "2026-02-28T02:00:03+00:00"], evidence.Select(e => e.GetProperty("value").GetString()));
        Assert.Equal([true, false, false], evidence.Select(e => e.GetProperty("important").GetBoolean()));

        var evt = json.GetProperty("event");
        Assert.Equal(json.GetProperty("event_id").GetString(), evt.GetProperty("event_id").GetString());
        Assert.Equal("other", evt.GetProperty("platform").GetString());
        Assert.Equal(JsonValueKind.Null, evt.GetProperty("sdk").ValueKind);
        Assert.Equal("production", evt.GetProperty("environment").GetString());
        Assert.Equal(Events.T0.AddMilliseconds(250), evt.GetProperty("received").GetDateTimeOffset());
        var monitor = evt.GetProperty("contexts").GetProperty("monitor");
        Assert.Equal("8f0e3bd1-5d54-4b7c-9b1f-2a7f3f0b6c11", monitor.GetProperty("id").GetString());
        Assert.Equal("nightly-backup", monitor.GetProperty("slug").GetString());
        Assert.Equal("error", monitor.GetProperty("status").GetString());
        Assert.Equal("0 2 * * *", monitor.GetProperty("config").GetProperty("schedule").GetString());
        Assert.False(monitor.TryGetProperty("type", out _)); // D14: the newest revision drops "type"
        var trace = evt.GetProperty("contexts").GetProperty("trace");
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", trace.GetProperty("trace_id").GetString());
        Assert.Equal(JsonValueKind.Null, trace.GetProperty("span_id").ValueKind);
        var tags = evt.GetProperty("tags");
        Assert.Equal("8f0e3bd1-5d54-4b7c-9b1f-2a7f3f0b6c11", tags.GetProperty("monitor.id").GetString());
        Assert.Equal("nightly-backup", tags.GetProperty("monitor.slug").GetString());
        Assert.Equal("inc-1", tags.GetProperty("monitor.incident").GetString());
    }

    [Fact]
    public async Task R117_R118_each_occurrence_of_a_window_names_its_failed_check_in_and_the_whole_window_as_evidence()
    {
        var client = _app.CreateClient();
        CheckInSnapshot[] window =
        [
            new() { Id = "ci-a", Status = "error", DateAdded = Events.T0 },
            new() { Id = "ci-b", Status = "missed", DateAdded = Events.T0.AddHours(1) },
            new() { Id = "ci-c", Status = "error", DateAdded = Events.T0.AddHours(2) },
        ];
        for (var i = 0; i < window.Length; i++)
        {
            await client.DeliverAsync(Events.Occurrence(eventId: $"w{i}") with { CheckIn = window[i], PreviousCheckIns = window });
        }

        var evidence = _app.Publisher.Published.Select(m => m.Json.GetProperty("evidence_data")).ToList();
        Assert.Equal(["ci-a", "ci-b", "ci-c"], evidence.Select(e => e.GetProperty("failed_checkin_id").GetString()));
        Assert.All(evidence, e => Assert.Equal(["ci-a", "ci-b", "ci-c"], e.GetProperty("previous_checkin_ids").EnumerateArray().Select(x => x.GetString())));
        Assert.All(evidence, e => Assert.Equal("17", e.GetProperty("monitor_environment_id").GetString()));
    }

    [Fact]
    public async Task An_event_from_before_monitor_environment_ids_still_publishes_without_that_key()
    {
        var client = _app.CreateClient();

        await client.DeliverAsync(Events.Occurrence() with { MonitorEnvironmentId = null });

        var data = Assert.Single(_app.Publisher.Published).Json.GetProperty("evidence_data");
        Assert.False(data.TryGetProperty("monitor_environment_id", out _));
        Assert.Equal("ci-1", data.GetProperty("failed_checkin_id").GetString());
    }

    [Fact]
    public async Task Occurrence_without_trace_id_has_no_trace_context_and_an_invalid_owner_is_no_assignee()
    {
        var client = _app.CreateClient();

        await client.DeliverAsync(Events.Occurrence(traceId: null, monitor: Events.Monitor(owner: "someone@example.com")));

        var json = Assert.Single(_app.Publisher.Published).Json;
        Assert.False(json.GetProperty("event").GetProperty("contexts").TryGetProperty("trace", out _));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task Ids_sentry_draws_at_random_are_derived_from_the_event_id_so_another_instance_publishes_the_same_bytes()
    {
        await using var other = new IncidentsAppFactory();

        await _app.CreateClient().DeliverAsync(Events.Occurrence(eventId: "evt-7"));
        await other.CreateClient().DeliverAsync(Events.Occurrence(eventId: "evt-7"));
        await _app.CreateClient().DeliverAsync(Events.Occurrence(eventId: "evt-8", checkInId: "ci-2"));

        var first = _app.Publisher.Published[0];
        Assert.Equal(first.Payload, Assert.Single(other.Publisher.Published).Payload);
        var id = first.Json.GetProperty("id").GetString()!;
        var eventId = first.Json.GetProperty("event_id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Matches("^[0-9a-f]{32}$", eventId);
        Assert.NotEqual(id, eventId);
        Assert.NotEqual(id, _app.Publisher.Published[1].Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_failed_publish_answers_500_so_dapr_redelivers_and_the_redelivery_publishes_once()
    {
        var client = _app.CreateClient();
        _app.Publisher.FailNext(1);

        var failed = await client.DeliverAsync(Events.Occurrence());

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_app.Publisher.Published);
        Assert.Empty(await IncidentsApiTests.ListAsync(client, "")); // nothing recorded as done

        Assert.Equal("SUCCESS", await (await client.DeliverAsync(Events.Occurrence())).DaprStatusAsync());
        Assert.Single(_app.Publisher.Published);
    }

    [Fact]
    public async Task Each_failed_check_in_of_a_window_is_its_own_occurrence_of_the_same_issue()
    {
        // R74: an incident opened with threshold N yields N occurrences, one per check-in of the window.
        var client = _app.CreateClient();

        await client.DeliverAsync(Events.Occurrence(eventId: "evt-1", checkInId: "ci-1", failureReason: "2 error check-ins detected"));
        await client.DeliverAsync(Events.Occurrence(eventId: "evt-2", checkInId: "ci-2", failureReason: "2 error check-ins detected", at: Events.T0.AddMinutes(1)));

        Assert.Equal(2, _app.Publisher.Published.Count);
        Assert.All(_app.Publisher.Published, m => Assert.Equal("crons:17-42", m.PartitionKey));
        var issue = Assert.Single(await IncidentsApiTests.ListAsync(client, ""));
        Assert.Equal(2, issue.GetProperty("occurrence_count").GetInt32());
        Assert.Equal("Your monitor is failing: 2 error check-ins detected.", issue.GetProperty("subtitle").GetString());
    }

    [Fact]
    public async Task A_missing_failure_reason_still_gives_a_readable_subtitle()
    {
        await _app.CreateClient().DeliverAsync(Events.Occurrence(failureReason: null));

        var json = Assert.Single(_app.Publisher.Published).Json;
        Assert.Equal(OccurrenceWording.Subtitle(OccurrenceWording.UnknownFailureReason), json.GetProperty("subtitle").GetString());
    }

    [Fact]
    public async Task Muted_occurrence_publishes_nothing_but_keeps_the_issue_open()
    {
        // R74, D16: a muted environment opens incidents but raises no occurrence.
        var client = _app.CreateClient();

        Assert.Equal("SUCCESS", await (await client.DeliverAsync(Events.Occurrence(muted: true))).DaprStatusAsync());

        Assert.Empty(_app.Publisher.Published);
        var issue = Assert.Single(await IncidentsApiTests.ListAsync(client, "?status=open"));
        Assert.True(issue.GetProperty("muted").GetBoolean());
        Assert.Equal(0, issue.GetProperty("occurrence_count").GetInt32());
        Assert.Equal(1, issue.GetProperty("muted_occurrence_count").GetInt32());
    }

    [Fact]
    public void Message_ids_are_32_hex_and_differ_by_purpose()
    {
        var occurrence = DeterministicIds.For(DeterministicIds.Occurrence, "e");
        Assert.Equal(occurrence, DeterministicIds.For(DeterministicIds.Occurrence, "e"));
        Assert.NotEqual(occurrence, DeterministicIds.For(DeterministicIds.StatusChange, "e"));
        Assert.NotEqual(occurrence, DeterministicIds.For(DeterministicIds.Occurrence, "f"));
    }

    [Theory]
    [InlineData("2026-02-28T02:00:03Z", "2026-02-28T02:00:03+00:00")]
    [InlineData("2026-02-28T02:00:03.5Z", "2026-02-28T02:00:03.500000+00:00")]
    [InlineData("2026-02-28T04:00:03+02:00", "2026-02-28T02:00:03+00:00")]
    public void Last_successful_check_in_is_written_like_pythons_isoformat(string at, string expected) =>
        Assert.Equal(expected, OccurrenceFactory.PythonIsoFormat(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("user:7", "user:7")]
    [InlineData("team:12", "team:12")]
    [InlineData("user:", null)]
    [InlineData("group:1", null)]
    [InlineData(null, null)]
    public void Only_user_or_team_owners_become_assignees(string? owner, string? expected) =>
        Assert.Equal(expected, OccurrenceFactory.ValidAssignee(owner));

    [Fact]
    public void Occurrence_key_is_fingerprint_dash_project() =>
        Assert.Equal("abc-5", OccurrenceKeys.Of("abc", 5));
}
