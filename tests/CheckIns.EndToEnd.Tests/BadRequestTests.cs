using System.Net;
using System.Text;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Bad requests to every app's endpoints are refused with a 4xx that says why, and nothing reaches any topic.
/// </summary>
public sealed class BadRequestTests : IAsyncLifetime
{
    private const string Key = CheckInsSuite.PublicKey;
    private static readonly long s_project = CheckInsSuite.ProjectId;

    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    public static TheoryData<string, string, string, string?, int, string> IngestRequests => new()
    {
        // method, path, body, content type, expected status, what the answer must name
        { "POST", "/v1/checkins", "{not json", "application/json", 400, "JSON" },
        { "POST", "/v1/checkins", """{"project_id":42,"status":"ok"}""", "application/json", 400, "monitor_slug" },
        { "POST", "/v1/checkins", """{"monitor_slug":"job","status":"ok"}""", "application/json", 400, "project_id" },
        { "POST", "/v1/checkins", """{"project_id":999,"monitor_slug":"job","status":"ok"}""", "application/json", 403, "project_id" },
        { "POST", "/v1/checkins", """{"project_id":42,"monitor_slug":"","status":"ok"}""", "application/json", 400, "monitor_slug" },
        { "POST", $"/api/{s_project}/envelope/?sentry_key={Key}", "", "application/x-sentry-envelope", 400, "envelope" },
        { "POST", $"/api/{s_project}/envelope/?sentry_key=unknownkey", "{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"job\",\"status\":\"ok\"}\n", "application/x-sentry-envelope", 403, "key" },
        { "POST", $"/api/{s_project}/envelope/", "{}\n{\"type\":\"check_in\"}\n{\"monitor_slug\":\"job\",\"status\":\"ok\"}\n", "application/x-sentry-envelope", 401, "key" },
        { "GET", $"/api/{s_project}/cron/job/{Key}/", "", null, 400, "status" },
        { "GET", $"/api/{s_project}/cron/job/{Key}/?status=ok&check_in_id=nope", "", null, 400, "check_in_id" },
        { "GET", $"/ping/{Key}/Job-With-Capitals", "", null, 400, "invalid url format" },
        { "GET", $"/ping/{Key}/job/start?rid=nope", "", null, 400, "invalid uuid format" },
    };

    public static TheoryData<string, string, string, string?, int, string> ProcessorRequests => new()
    {
        { "PUT", $"/v1/projects/{s_project}/monitors/job", """{"config":{"schedule":{"type":"crontab","value":"not a cron"}}}""", "application/json", 400, "schedule" },
        { "PUT", $"/v1/projects/{s_project}/monitors/job", """{"config":{"schedule":{"type":"interval","value":0,"unit":"minute"}}}""", "application/json", 400, "schedule" },
        { "PUT", $"/v1/projects/{s_project}/monitors/job", "{oops", "application/json", 400, "body" },
        { "PUT", $"/v1/projects/{s_project}/monitors/job", "name=job", "application/x-www-form-urlencoded", 400, "JSON" },
        { "PUT", $"/v1/projects/{s_project}/monitors/job", """{"name":"no config"}""", "application/json", 400, "config" },
        { "PUT", $"/v1/projects/{s_project}/monitors/job", """{"config":{"schedule":{"type":"crontab","value":"0 * * * *"}},"status":"paused"}""", "application/json", 400, "status" },
        { "PUT", $"/v1/projects/{s_project}/monitors/---", """{"config":{"schedule":{"type":"crontab","value":"0 * * * *"}}}""", "application/json", 400, "slug" },
        { "GET", $"/v1/projects/{s_project}/monitors/no-such-job", "", null, 404, "no-such-job" },
    };

    public static TheoryData<string, string, string, string?, int, string> IncidentsRequests => new()
    {
        { "GET", $"/v1/projects/{s_project}/incidents?status=broken", "", null, 400, "status" },
    };

    [Theory]
    [MemberData(nameof(IngestRequests))]
    public Task Ingest_refuses_with_a_reason_and_publishes_nothing(string method, string path, string body, string? contentType, int status, string reason) =>
        AssertRefusedAsync(path.StartsWith("/v1/", StringComparison.Ordinal) ? _suite.NativeClient : _suite.IngestClient, method, path, body, contentType, status, reason);

    [Theory]
    [MemberData(nameof(ProcessorRequests))]
    public Task Processor_refuses_with_a_reason_and_publishes_nothing(string method, string path, string body, string? contentType, int status, string reason) =>
        AssertRefusedAsync(_suite.ProcessorClient, method, path, body, contentType, status, reason);

    [Theory]
    [MemberData(nameof(IncidentsRequests))]
    public Task Incidents_refuses_with_a_reason_and_publishes_nothing(string method, string path, string body, string? contentType, int status, string reason) =>
        AssertRefusedAsync(_suite.IncidentsClient, method, path, body, contentType, status, reason);

    [Fact]
    public async Task A_check_in_ingest_accepts_but_the_processor_cannot_apply_leaves_a_processing_error_on_the_monitor()
    {
        await _suite.CheckInAsync("judged", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();

        // Ingest checks form, the processor meaning: an unknown status travels on and is judged there (R16, R25).
        await _suite.CheckInAsync("judged", "exploded");
        await _suite.WaitForIdleAsync();

        var monitor = await _suite.RequireMonitorAsync("judged");
        var error = Assert.Single(monitor.GetProperty("processing_errors").EnumerateArray());
        Assert.Equal("exploded", error.GetProperty("payload").GetProperty("status").GetString());
        Assert.NotEmpty(error.GetProperty("errors").EnumerateArray());
        Assert.Single(monitor.GetProperty("environments")[0].GetProperty("recent_checkins").EnumerateArray());
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitorsDeadLetter));
    }

    private async Task AssertRefusedAsync(HttpClient client, string method, string path, string body, string? contentType, int status, string reason)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (contentType is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await _suite.WaitForIdleAsync();

        Assert.True((HttpStatusCode)status == response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        Assert.Contains(reason, text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));
        Assert.Empty(_suite.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus));
        Assert.Empty(_suite.Published(DaprNames.IncidentsPubSub, Topics.IngestOccurrences));
        Assert.Null(await _suite.MonitorAsync("job"));
    }
}
