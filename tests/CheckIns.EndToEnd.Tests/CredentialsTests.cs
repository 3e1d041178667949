using System.Net;
using System.Text;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;
using CheckIns.Tests.Shared;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Issue 12's walk-through on the whole suite: nobody feeds or silences a monitor without a credential of its
/// project, a repeated Sentry header is refused, and a refused request leaves every topic and every monitor as it was.
/// </summary>
public sealed class CredentialsTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: Ct);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_check_in_without_a_credential_is_401_and_reaches_no_topic()
    {
        using var content = new StringContent(CheckInJson.Of("nightly-report", "ok", CheckInJson.Hourly), Encoding.UTF8, "application/json");

        using var response = await _suite.IngestClient.PostAsync(new Uri("/v1/checkins", UriKind.Relative), content, Ct);
        await _suite.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));
        Assert.Null(await _suite.MonitorAsync("nightly-report"));
    }

    [Fact]
    public async Task Muting_needs_the_projects_token_a_refused_mute_changes_nothing()
    {
        await _suite.CheckInAsync("nightly-report", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        var statusEvents = _suite.StatusEvents().Count;

        using var anonymous = _suite.Processor.CreateClient();
        using var foreign = _suite.Processor.CreateClient().WithProjectToken(TestTokens.OtherProjectToken);
        using var none = await anonymous.PutAsync(MonitorUri("nightly-report"), Mute(), Ct);
        using var other = await foreign.PutAsync(MonitorUri("nightly-report"), Mute(), Ct);
        using var read = await anonymous.GetAsync(MonitorUri("nightly-report"), Ct);
        using var incidentsClient = _suite.Incidents.CreateClient();
        using var incidents = await incidentsClient.GetAsync(new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/incidents", UriKind.Relative), Ct);
        await _suite.WaitForIdleAsync();

        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (none.StatusCode, other.StatusCode, read.StatusCode, incidents.StatusCode));
        Assert.False((await _suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());
        Assert.Equal(statusEvents, _suite.StatusEvents().Count);

        using var muted = await _suite.ProcessorClient.PutAsync(MonitorUri("nightly-report"), Mute(), Ct);
        Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
        Assert.True((await _suite.RequireMonitorAsync("nightly-report")).GetProperty("is_muted").GetBoolean());
    }

    [Fact]
    public async Task Two_sentry_auth_headers_one_good_one_bad_are_401_and_reach_no_topic()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/{CheckInsSuite.ProjectId}/envelope/", UriKind.Relative))
        {
            Content = new StringContent("{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"job\",\"status\":\"ok\"}\n"),
        };
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", [$"Sentry sentry_key={CheckInsSuite.PublicKey}", "Sentry sentry_key=someoneelse"]);

        using var response = await _suite.IngestClient.SendAsync(request, Ct);
        await _suite.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));
    }

    [Fact]
    public async Task The_development_credentials_of_the_readme_work_on_a_development_run()
    {
        // The root README's two curl lines, on apps in the Development environment as dapr.yaml runs them.
        using var ingest = _suite.Ingest.CreateClient();
        using var processor = _suite.Processor.CreateClient();
        using var incidents = _suite.Incidents.CreateClient();
        using var checkIn = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/checkins", UriKind.Relative))
        {
            Content = new StringContent(
                """{"project_id":1,"monitor_slug":"nightly-report","status":"ok","monitor_config":{"schedule":"0 3 * * *","schedule_type":"crontab","timezone":"Europe/Berlin"}}""",
                Encoding.UTF8,
                "application/json"),
        };
        checkIn.Headers.TryAddWithoutValidation("Authorization", "DSN http://publickey@localhost:5101/1");

        using var accepted = await ingest.SendAsync(checkIn, Ct);
        await _suite.WaitForIdleAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/projects/1/monitors/nightly-report", UriKind.Relative));
        read.Headers.TryAddWithoutValidation("Authorization", "Bearer dev-project-1-token");
        using var monitor = await processor.SendAsync(read, Ct);
        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/projects/1/incidents", UriKind.Relative));
        list.Headers.TryAddWithoutValidation("Authorization", "Bearer dev-project-1-token");
        using var issues = await incidents.SendAsync(list, Ct);
        using var otherProject = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative));
        otherProject.Headers.TryAddWithoutValidation("Authorization", "Bearer dev-project-1-token");
        using var foreign = await processor.SendAsync(otherProject, Ct);

        Assert.Equal(
            (HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            (accepted.StatusCode, monitor.StatusCode, issues.StatusCode, foreign.StatusCode));
    }

    private static Uri MonitorUri(string slug) => new($"/v1/projects/{CheckInsSuite.ProjectId}/monitors/{slug}", UriKind.Relative);

    private static StringContent Mute() => new("""{"is_muted":true}""", Encoding.UTF8, "application/json");
}
