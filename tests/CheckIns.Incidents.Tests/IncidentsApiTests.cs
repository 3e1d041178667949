using System.Net;
using System.Text.Json;

namespace CheckIns.Incidents.Tests;

/// <summary><c>GET /v1/projects/{id}/incidents?status=open|resolved&amp;monitor={slug}</c>.</summary>
public sealed class IncidentsApiTests : IAsyncLifetime
{
    private readonly IncidentsAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static async Task<IReadOnlyList<JsonElement>> ListAsync(HttpClient client, string query, long projectId = Events.ProjectId)
    {
        var response = await client.GetAsync(new Uri($"/v1/projects/{projectId}/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return [.. json.EnumerateArray()];
    }

    [Fact]
    public async Task Lists_issues_filtered_by_status_and_monitor_newest_first()
    {
        var client = _app.CreateClient();
        var backup = Events.Incident(id: "inc-a", fingerprint: "fp-a", startedAt: Events.T0);
        var report = Events.Incident(id: "inc-b", fingerprint: "fp-b", startedAt: Events.T0.AddHours(2));
        await client.DeliverAsync(Events.Occurrence(eventId: "a1", incident: backup));
        await client.DeliverAsync(Events.Occurrence(eventId: "b1", incident: report, monitor: Events.Monitor(slug: "daily-report"), at: Events.T0.AddHours(2)));
        await client.DeliverAsync(Events.Resolved(eventId: "a2", incident: backup));

        var all = await ListAsync(client, "");
        Assert.Equal(["fp-b", "fp-a"], all.Select(i => i.GetProperty("fingerprint").GetString()));

        var open = Assert.Single(await ListAsync(client, "?status=open"));
        Assert.Equal("fp-b", open.GetProperty("fingerprint").GetString());
        Assert.Equal("daily-report", open.GetProperty("monitor").GetProperty("slug").GetString());
        Assert.Equal("Cron failure: Nightly backup", open.GetProperty("title").GetString());

        var resolved = Assert.Single(await ListAsync(client, "?status=resolved&monitor=nightly-backup"));
        Assert.Equal("fp-a", resolved.GetProperty("fingerprint").GetString());
        Assert.Empty(await ListAsync(client, "?status=open&monitor=nightly-backup"));
        Assert.Empty(await ListAsync(client, "?monitor=unknown"));
    }

    [Fact]
    public async Task R81_D13_every_incident_of_a_regressed_issue_is_listed_newest_first_in_pages_followed_by_the_link_cursor()
    {
        var client = _app.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            var incident = Events.Incident(id: $"inc-{i}", startedAt: Events.T0.AddDays(i));
            await client.DeliverAsync(Events.Occurrence(eventId: $"o{i}", incident: incident, at: Events.T0.AddDays(i)));
            if (i < 5)
            {
                await client.DeliverAsync(Events.Resolved(eventId: $"r{i}", incident: incident, at: Events.T0.AddDays(i).AddHours(1)));
            }
        }

        var seen = new List<string?>();
        var query = "?limit=2";
        for (var pages = 0; pages < 10 && query is not null; pages++)
        {
            var response = await client.GetAsync(new Uri($"/v1/projects/{Events.ProjectId}/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.True(rows.GetArrayLength() <= 2);
            seen.AddRange(rows.EnumerateArray().Select(r => r.GetProperty("incident_id").GetString()));
            query = NextQuery(response);
        }

        Assert.Equal(["inc-5", "inc-4", "inc-3", "inc-2", "inc-1"], seen);
        var resolved = await ListAsync(client, "?status=resolved");
        Assert.Equal(["inc-4", "inc-3", "inc-2", "inc-1"], resolved.Select(r => r.GetProperty("incident_id").GetString()));
        Assert.Equal("inc-5", Assert.Single(await ListAsync(client, "?status=open")).GetProperty("incident_id").GetString());
    }

    [Fact]
    public async Task An_issue_keeps_its_latest_fifty_earlier_incidents()
    {
        var client = _app.CreateClient();
        for (var i = 1; i <= 53; i++)
        {
            var incident = Events.Incident(id: $"inc-{i}", startedAt: Events.T0.AddDays(i));
            await client.DeliverAsync(Events.Occurrence(eventId: $"o{i}", incident: incident, at: Events.T0.AddDays(i)));
            await client.DeliverAsync(Events.Resolved(eventId: $"r{i}", incident: incident, at: Events.T0.AddDays(i).AddHours(1)));
        }

        var rows = await ListAsync(client, "?limit=1000");

        Assert.Equal(51, rows.Count);
        Assert.Equal("inc-53", rows[0].GetProperty("incident_id").GetString());
        Assert.Equal("inc-3", rows[^1].GetProperty("incident_id").GetString());
        Assert.All(rows, r => Assert.Equal(53, r.GetProperty("incident_count").GetInt32()));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?cursor=banana", "cursor")]
    public async Task A_bad_page_request_is_a_validation_problem(string query, string field)
    {
        var client = _app.CreateClient();

        var response = await client.GetAsync(new Uri($"/v1/projects/42/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    /// <summary>The query of the Link header's next entry, or null when it says there are no more results.</summary>
    public static string? NextQuery(HttpResponseMessage response)
    {
        var link = string.Join(", ", response.Headers.GetValues("Link"));
        var next = link.Split(", ").Single(e => e.Contains("rel=\"next\"", StringComparison.Ordinal));
        if (!next.Contains("results=\"true\"", StringComparison.Ordinal))
        {
            return null;
        }

        var url = new Uri(next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)]);
        return url.Query;
    }

    [Fact]
    public async Task Issues_belong_to_their_project()
    {
        var client = _app.CreateClient();
        await client.DeliverAsync(Events.Occurrence());

        Assert.Empty(await ListAsync(client, "", projectId: 43));
        Assert.Single(await ListAsync(client, ""));
    }

    [Fact]
    public async Task Unknown_status_is_a_validation_problem()
    {
        var client = _app.CreateClient();

        var response = await client.GetAsync(new Uri("/v1/projects/42/incidents?status=closed", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("closed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_numeric_project_is_not_found_with_a_problem_body()
    {
        var client = _app.CreateClient();

        var response = await client.GetAsync(new Uri("/v1/projects/abc/incidents", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
