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
