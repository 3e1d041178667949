using System.Text.Json;

namespace CheckIns.Incidents.Tests;

/// <summary>Resolutions (SEMANTICS R79, R120) and what a fingerprint does across incidents (R81, D13).</summary>
public sealed class ResolutionTests : IAsyncLifetime
{
    private readonly IncidentsAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Resolution_publishes_a_status_change_that_resolves_the_fingerprint()
    {
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence());

        Assert.Equal("SUCCESS", await (await client.DeliverAsync(Events.Resolved())).DaprStatusAsync());

        Assert.Equal(2, _app.Publisher.Published.Count);
        var change = _app.Publisher.Published[1];
        Assert.Equal("crons:17-42", change.PartitionKey);
        var json = change.Json;
        Assert.Equal("status_change", json.GetProperty("payload_type").GetString());
        Assert.Equal(["crons:17"], json.GetProperty("fingerprint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(42, json.GetProperty("project_id").GetInt64());
        Assert.Equal(1, json.GetProperty("new_status").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("new_substatus").ValueKind);
        Assert.Matches("^[0-9a-f]{32}$", json.GetProperty("id").GetString());
        // R120 plus the check-in ids: the resolving check-in, the incident and the monitor environment.
        var activity = json.GetProperty("activity_data");
        Assert.Equal("ci-ok", activity.GetProperty("resolving_checkin_id").GetString());
        Assert.Equal("inc-1", activity.GetProperty("incident_id").GetString());
        Assert.Equal("17", activity.GetProperty("monitor_environment_id").GetString());

        var issue = Assert.Single(await IncidentsApiTests.ListAsync(client, "?status=resolved"));
        Assert.Equal("ci-ok", issue.GetProperty("resolving_check_in_id").GetString());
        Assert.Equal(Events.T0.AddHours(1), issue.GetProperty("resolved_at").GetDateTimeOffset());
        Assert.Empty(await IncidentsApiTests.ListAsync(client, "?status=open"));
    }

    [Fact]
    public async Task A_redelivered_resolution_publishes_one_status_change()
    {
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence());

        await client.DeliverAsync(Events.Resolved());
        await client.DeliverAsync(Events.Resolved());

        Assert.Single(_app.Publisher.Published, m => m.Json.GetProperty("payload_type").GetString() == "status_change");
    }

    [Fact]
    public async Task Resolution_of_a_muted_environment_still_flows()
    {
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence(muted: true));

        await client.DeliverAsync(Events.Resolved(muted: true));

        var message = Assert.Single(_app.Publisher.Published);
        Assert.Equal("status_change", message.Json.GetProperty("payload_type").GetString());
        Assert.Single(await IncidentsApiTests.ListAsync(client, "?status=resolved"));
    }

    [Fact]
    public async Task A_new_incident_on_the_same_fingerprint_reopens_the_issue()
    {
        // D13: the grouphash is stable per environment, so a later incident regresses the same issue.
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence());
        await client.DeliverAsync(Events.Resolved());

        var second = Events.Incident(id: "inc-2", startedAt: Events.T0.AddDays(1));
        await client.DeliverAsync(Events.Occurrence(eventId: "evt-2", incident: second, checkInId: "ci-9", at: Events.T0.AddDays(1)));

        // Both incidents of the one issue are listed, newest first; the issue follows the newest.
        var rows = await IncidentsApiTests.ListAsync(client, "");
        Assert.Equal(["inc-2", "inc-1"], rows.Select(r => r.GetProperty("incident_id").GetString()));
        Assert.All(rows, r => Assert.Equal(Events.Fingerprint, r.GetProperty("fingerprint").GetString()));
        var issue = rows[0];
        Assert.Equal("open", issue.GetProperty("status").GetString());
        Assert.Equal(2, issue.GetProperty("incident_count").GetInt32());
        Assert.Equal(2, issue.GetProperty("occurrence_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, issue.GetProperty("resolved_at").ValueKind);
        var earlier = rows[1];
        Assert.Equal("resolved", earlier.GetProperty("status").GetString());
        Assert.Equal("ci-ok", earlier.GetProperty("resolving_check_in_id").GetString());
        Assert.Equal(Events.T0, earlier.GetProperty("started_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_late_event_of_an_older_incident_does_not_reopen_or_rewind_the_issue()
    {
        var client = _app.CreateClient();
        var second = Events.Incident(id: "inc-2", startedAt: Events.T0.AddDays(1));
        await client.DeliverAsync(Events.Occurrence(eventId: "evt-2", incident: second, at: Events.T0.AddDays(1)));
        await client.DeliverAsync(Events.Resolved(eventId: "evt-2r", incident: second, at: Events.T0.AddDays(1).AddHours(1)));

        await client.DeliverAsync(Events.Occurrence(eventId: "evt-old"));

        var issue = Assert.Single(await IncidentsApiTests.ListAsync(client, ""));
        Assert.Equal("resolved", issue.GetProperty("status").GetString());
        Assert.Equal("inc-2", issue.GetProperty("incident_id").GetString());
    }

    [Fact]
    public async Task A_late_occurrence_of_a_resolved_incident_keeps_it_resolved()
    {
        // R81: a resolved incident is never reopened.
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Resolved());

        await client.DeliverAsync(Events.Occurrence());

        Assert.Single(await IncidentsApiTests.ListAsync(client, "?status=resolved"));
    }
}
