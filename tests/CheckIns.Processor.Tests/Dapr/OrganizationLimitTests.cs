using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>R14: the organisation's monitor limit, counted by the organisation's actor behind an emulated sidecar.</summary>
public sealed class OrganizationLimitTests : IAsyncLifetime
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = new FakeTimeProvider(Start),
            },
            TestContext.Current.CancellationToken);
        // Messages.CheckIn names organisation 1; its limit is 20, every other organisation keeps the default.
        _processor = await _env.StartAppAsync<Program>(
            AppIds.Processor,
            configureWebHost: web =>
            {
                web.UseSetting("Processor:Organizations:1:MonitorLimit", "20").UseSetting("Processor:MaxConcurrentMonitors", "16");
                TestTokens.Configure(web);
            },
            ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task R14_fifty_new_monitors_of_one_organisation_upserted_at_once_against_a_limit_of_twenty_leave_exactly_twenty()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingest = _env.CreateDaprClient(AppIds.Ingest);
        var slugs = Enumerable.Range(0, 50).Select(i => $"job-{i:00}").ToList();

        // Published concurrently, so the monitors' first turns race for the organisation's last seats.
        await Task.WhenAll(slugs.Select(slug =>
            ingest.PublishCheckInsAsync([Messages.CheckIn(Project, slug, "ok", Start, monitorConfig: Messages.CrontabConfig())], ct)));
        await _env.WaitForIdleAsync(ct);

        using var http = _processor.CreateClient().WithProjectToken();
        var listed = await http.GetFromJsonAsync<JsonElement>($"/v1/projects/{Project}/monitors", ct);
        Assert.Equal(20, listed.GetArrayLength());

        var refused = 0;
        foreach (var slug in slugs)
        {
            using var response = await http.GetAsync($"/v1/projects/{Project}/monitors/{slug}", ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                continue;
            }

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var error = Assert.Single(Assert.Single(body.GetProperty("processing_errors").EnumerateArray()).GetProperty("errors").EnumerateArray());
            Assert.Equal(10, error.GetProperty("type").GetInt32());
            Assert.Equal("MONITOR_LIMIT_EXCEEDED", error.GetProperty("name").GetString());
            Assert.Equal("You may not exceed 20 monitors per organization", error.GetProperty("reason").GetString());
            refused++;
        }

        Assert.Equal(30, refused);
    }

    [Fact]
    public async Task R14_an_existing_monitor_keeps_taking_check_ins_at_the_limit_and_the_api_refuses_a_new_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingest = _env.CreateDaprClient(AppIds.Ingest);
        await ingest.PublishCheckInsAsync(
            [.. Enumerable.Range(0, 20).Select(i => Messages.CheckIn(Project, $"job-{i:00}", "ok", Start, monitorConfig: Messages.CrontabConfig()))],
            ct);
        await _env.WaitForIdleAsync(ct);

        // Only an insert is checked (R14): the existing monitor's upsert and its check-ins still apply.
        await ingest.PublishCheckInsAsync([Messages.CheckIn(Project, "job-00", "ok", Start.AddMinutes(1), monitorConfig: Messages.CrontabConfig())], ct);
        await _env.WaitForIdleAsync(ct);

        using var http = _processor.CreateClient().WithProjectToken();
        var existing = await http.GetFromJsonAsync<JsonElement>($"/v1/projects/{Project}/monitors/job-00", ct);
        Assert.Equal(2, existing.GetProperty("environments")[0].GetProperty("recent_checkins").GetArrayLength());

        using var created = await http.PutAsJsonAsync(
            $"/v1/projects/{Project}/monitors/one-more",
            new { organization_id = 1, config = new { schedule_type = "crontab", schedule = "0 * * * *" } },
            ct);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("You may not exceed 20 monitors per organization", await created.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Another organisation has the default limit.
        using var other = await http.PutAsJsonAsync(
            $"/v1/projects/2/monitors/one-more",
            new { organization_id = 2, config = new { schedule_type = "crontab", schedule = "0 * * * *" } },
            ct);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }
}
