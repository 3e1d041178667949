using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;
using CheckIns.Tests.Shared;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// Ingest accepts, processing judges: a check-in that processing refuses leaves an entry in its project's
/// <c>GET /v1/projects/{id}/processing-errors</c>, with the check-in that caused it, whether or not its monitor
/// exists (SEMANTICS R105: grouped under the monitor, else the project; 10 per group), once per message.
/// </summary>
public sealed class ProcessingErrorsTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: Ct);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_check_in_for_a_monitor_that_does_not_exist_is_listed_with_its_reason_and_its_check_in()
    {
        var id = Guid.NewGuid();
        await _suite.CheckInAsync("never-configured", "in_progress", checkInId: id, environment: "staging");
        await _suite.WaitForIdleAsync();

        var error = Assert.Single(await ListAsync());
        Assert.Equal("project", error.GetProperty("group").GetString());
        Assert.Equal("never-configured", error.GetProperty("monitor_slug").GetString());
        Assert.Equal("staging", error.GetProperty("environment").GetString());
        Assert.Equal(id, Guid.Parse(error.GetProperty("check_in_id").GetString()!));
        Assert.Equal(CheckInsSuite.T0, error.GetProperty("received_at").GetDateTimeOffset());
        Assert.Equal("in_progress", error.GetProperty("payload").GetProperty("status").GetString());
        var reason = Assert.Single(error.GetProperty("errors").EnumerateArray());
        Assert.Equal((11, "MONITOR_NOT_FOUND"), (reason.GetProperty("type").GetInt32(), reason.GetProperty("name").GetString())); // R7, R36
        Assert.False(error.TryGetProperty("monitor_url", out _));

        // The monitor's 404 keeps its own list and points at the project's.
        using var missing = await _suite.ProcessorClient.GetAsync(new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors/never-configured", UriKind.Relative), Ct);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(error.GetProperty("id").GetString(), problem.GetProperty("processing_errors")[0].GetProperty("id").GetString());
        Assert.Equal($"/v1/projects/{CheckInsSuite.ProjectId}/processing-errors", problem.GetProperty("project_processing_errors").GetString());
    }

    [Fact]
    public async Task An_invalid_check_in_for_an_existing_monitor_is_on_the_monitor_and_in_the_project_list()
    {
        await _suite.CheckInAsync("judged", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync("judged", "exploded");
        await _suite.WaitForIdleAsync();

        var onMonitor = Assert.Single((await _suite.RequireMonitorAsync("judged")).GetProperty("processing_errors").EnumerateArray());
        var listed = Assert.Single(await ListAsync());
        Assert.Equal(onMonitor.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal("monitor", listed.GetProperty("group").GetString());
        Assert.Equal("judged", listed.GetProperty("monitor_slug").GetString());
        Assert.Equal("production", listed.GetProperty("environment").GetString());
        Assert.Equal($"/v1/projects/{CheckInsSuite.ProjectId}/monitors/judged", listed.GetProperty("monitor_url").GetString());
        Assert.Equal("exploded", listed.GetProperty("payload").GetProperty("status").GetString());
        Assert.Equal("CHECKIN_VALIDATION_FAILED", listed.GetProperty("errors")[0].GetProperty("name").GetString()); // R33
    }

    [Fact]
    public async Task A_check_in_delivered_twice_is_listed_once()
    {
        _suite.Env.Faults.DeliverTwice(DaprNames.CheckInsPubSub, Topics.IngestMonitors);
        await _suite.CheckInAsync("twice-unknown", "ok");
        await _suite.WaitForIdleAsync();

        Assert.Single(_suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors)); // published once, delivered twice
        Assert.Single(await ListAsync());
    }

    [Theory]
    [InlineData("ApplyCheckInActivity")]        // the actor recorded it; the apply runs again and is a duplicate there
    [InlineData("RecordProjectErrorActivity")]  // the project kept it; the record runs again with the same entry
    public async Task A_lost_step_result_neither_loses_nor_doubles_the_entry(string activity)
    {
        // Nine before it: a doubled tenth would push one of them out of the project's ten (R105).
        for (var i = 1; i <= 9; i++)
        {
            await _suite.CheckInAsync($"earlier-{i}", "ok");
            await _suite.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        _suite.Env.Workflows.Faults.FailNextActivityCompletions(1, activity);
        await _suite.CheckInAsync("crashy-unknown", "ok");
        await _suite.WaitForIdleAsync();

        var errors = await ListAsync();
        Assert.Equal(10, errors.Count);
        Assert.Equal("crashy-unknown", errors[0].GetProperty("monitor_slug").GetString());
        Assert.Equal("MONITOR_NOT_FOUND", errors[0].GetProperty("errors")[0].GetProperty("name").GetString());
        Assert.Equal("earlier-1", errors[^1].GetProperty("monitor_slug").GetString());
    }

    [Fact]
    public async Task The_project_keeps_its_ten_newest_errors_newest_first()
    {
        for (var i = 1; i <= 12; i++)
        {
            await _suite.CheckInAsync($"unknown-{i}", "ok");
            await _suite.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var slugs = (await ListAsync()).Select(e => e.GetProperty("monitor_slug").GetString()).ToList();
        Assert.Equal([.. Enumerable.Range(3, 10).Reverse().Select(i => $"unknown-{i}")], slugs); // R105: 10 per group
    }

    [Fact]
    public async Task An_error_is_listed_for_seven_days()
    {
        await _suite.CheckInAsync("short-lived", "ok");
        await _suite.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Single(await ListAsync());

        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1)); // R105: 7-day lifetime
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task The_list_needs_the_projects_token_and_shows_no_other_projects_errors()
    {
        await _suite.CheckInAsync("ours", "ok");
        // Project 1's development key, as the README's cron line sends it.
        using var theirs = await _suite.IngestClient.GetAsync(new Uri("/ping/publickey/theirs/0", UriKind.Relative), Ct);
        await _suite.WaitForIdleAsync();
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);

        using var anonymous = _suite.Processor.CreateClient();
        using var foreign = _suite.Processor.CreateClient().WithProjectToken(TestTokens.OtherProjectToken);
        using var none = await anonymous.GetAsync(ListUri(CheckInsSuite.ProjectId), Ct);
        using var other = await foreign.GetAsync(ListUri(CheckInsSuite.ProjectId), Ct);
        using var own = await foreign.GetAsync(ListUri(TestTokens.OtherProject), Ct);
        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (none.StatusCode, other.StatusCode, own.StatusCode));
        Assert.Empty((await own.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());

        Assert.Equal(["ours"], (await ListAsync()).Select(e => e.GetProperty("monitor_slug").GetString()));
        Assert.Equal(["theirs"], (await ListAsync(1)).Select(e => e.GetProperty("monitor_slug").GetString()));
    }

    [Fact]
    public async Task The_readmes_plain_cron_line_creates_a_new_monitor_with_create_1_and_without_it_says_why_in_the_list()
    {
        // The root README's cron line on a fresh run, for a slug no check-in has created.
        using var created = await _suite.IngestClient.GetAsync(new Uri("/ping/publickey/backup-db/0?create=1", UriKind.Relative), Ct);
        using var plain = await _suite.IngestClient.GetAsync(new Uri("/ping/publickey/rotate-logs/0", UriKind.Relative), Ct);
        await _suite.WaitForIdleAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (created.StatusCode, plain.StatusCode));

        using var processor = _suite.Processor.CreateClient();
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/projects/1/monitors/backup-db", UriKind.Relative));
        read.Headers.TryAddWithoutValidation("Authorization", "Bearer dev-project-1-token");
        using var monitor = await processor.SendAsync(read, Ct);
        Assert.Equal(HttpStatusCode.OK, monitor.StatusCode);
        var checkIn = (await monitor.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("environments")[0].GetProperty("recent_checkins")[0];
        Assert.Equal("ok", checkIn.GetProperty("status").GetString());

        using var list = new HttpRequestMessage(HttpMethod.Get, ListUri(1));
        list.Headers.TryAddWithoutValidation("Authorization", "Bearer dev-project-1-token");
        using var errors = await processor.SendAsync(list, Ct);
        var error = Assert.Single((await errors.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        Assert.Equal("rotate-logs", error.GetProperty("monitor_slug").GetString());
        Assert.Equal("MONITOR_NOT_FOUND", error.GetProperty("errors")[0].GetProperty("name").GetString());
    }

    private static Uri ListUri(long projectId) => new($"/v1/projects/{projectId}/processing-errors", UriKind.Relative);

    private async Task<IReadOnlyList<JsonElement>> ListAsync(long projectId = CheckInsSuite.ProjectId)
    {
        var json = await _suite.ProcessorClient.GetFromJsonAsync<JsonElement>(ListUri(projectId), Ct);
        return [.. json.EnumerateArray()];
    }
}
