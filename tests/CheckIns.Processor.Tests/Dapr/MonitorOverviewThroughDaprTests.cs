using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using Dapr.Client;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>
/// <c>GET /v1/projects/{id}/monitors?view=summary</c> on the real actors behind an emulated sidecar: the project
/// index's overview entries follow status transitions, mutes, disables and new environments, and the route answers
/// from the index in one actor call, whatever the number of monitors.
/// </summary>
public sealed class MonitorOverviewThroughDaprTests : IAsyncLifetime
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    private readonly FakeTimeProvider _time = new(Start);
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;
    private DaprClient _ingest = null!;
    private IngestClockPulses _pulses = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = _time,
            },
            Ct);
        _processor = await _env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: Ct);
        _ingest = _env.CreateDaprClient(AppIds.Ingest);
        // Missed decisions follow the stream clock: these tests play ingest, its pulses included.
        _pulses = IngestClockPulses.Start(_time, _ingest);
    }

    public async ValueTask DisposeAsync()
    {
        _pulses.Dispose();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task The_summary_follows_ok_error_ok_with_the_open_incident_and_matches_the_full_listing()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var created = Environment(await SummaryOfAsync("nightly"));
        Assert.Equal("production", created.GetProperty("name").GetString());
        Assert.Equal("ok", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("has_active_incident").GetBoolean());

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5)));
        var failing = Environment(await SummaryOfAsync("nightly"));
        Assert.Equal("error", failing.GetProperty("status").GetString());
        Assert.True(failing.GetProperty("has_active_incident").GetBoolean());

        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", At(12, 0, 5)));
        var recovered = Environment(await SummaryOfAsync("nightly"));
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.False(recovered.GetProperty("has_active_incident").GetBoolean());

        // The full listing (which reads every actor) says the same about each environment.
        var listed = Environment(Assert.Single((await GetAsync($"/v1/projects/{Project}/monitors")).EnumerateArray()));
        Assert.Equal(listed.GetProperty("status").GetString(), recovered.GetProperty("status").GetString());
        Assert.Equal(listed.GetProperty("is_muted").GetBoolean(), recovered.GetProperty("is_muted").GetBoolean());
    }

    [Fact]
    public async Task A_missed_check_in_found_by_the_reminder_turns_the_summary_to_error()
    {
        await PublishAsync(Messages.CheckIn(Project, "hourly", "ok", Start, monitorConfig: Hourly));

        _time.SetUtcNow(At(11, 1));
        await _env.WaitForIdleAsync(Ct);

        var environment = Environment(await SummaryOfAsync("hourly"));
        Assert.Equal("error", environment.GetProperty("status").GetString());
        Assert.True(environment.GetProperty("has_active_incident").GetBoolean());
    }

    [Fact]
    public async Task Mute_disable_and_a_new_environment_show_in_the_summary()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        using var http = _processor.CreateClient().WithProjectToken();

        using (var muted = await http.PutAsJsonAsync($"/v1/projects/{Project}/monitors/nightly", new { is_muted = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
        }

        var summary = await SummaryOfAsync("nightly");
        Assert.True(summary.GetProperty("is_muted").GetBoolean());
        // D16: an environment of a muted monitor is muted.
        Assert.True(Environment(summary).GetProperty("is_muted").GetBoolean());

        using (var disabled = await http.PutAsJsonAsync($"/v1/projects/{Project}/monitors/nightly", new { is_muted = false, status = "disabled" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        summary = await SummaryOfAsync("nightly");
        Assert.Equal("disabled", summary.GetProperty("status").GetString());
        Assert.False(summary.GetProperty("is_muted").GetBoolean());

        using (var enabled = await http.PutAsJsonAsync($"/v1/projects/{Project}/monitors/nightly", new { status = "active" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(10, 30), environment: "staging"));
        summary = await SummaryOfAsync("nightly");
        Assert.Equal("active", summary.GetProperty("status").GetString());
        var environments = summary.GetProperty("environments").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["production", "staging"], environments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("error", environments["staging"].GetProperty("status").GetString());
        Assert.Equal("ok", environments["production"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_summary_is_served_by_one_actor_call_while_the_full_listing_calls_every_monitor()
    {
        await PublishAsync([.. Enumerable.Range(0, 30).Select(i => Messages.CheckIn(Project, $"job-{i:D2}", "ok", Start, monitorConfig: Hourly))]);

        var calls = _env.Cluster.Actors.MethodCalls;
        var summary = await GetAsync($"/v1/projects/{Project}/monitors?view=summary");
        var summaryCalls = _env.Cluster.Actors.MethodCalls - calls;

        Assert.Equal(30, summary.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"job-{i:D2}"), summary.EnumerateArray().Select(m => m.GetProperty("slug").GetString()));
        Assert.Equal(1, summaryCalls);

        calls = _env.Cluster.Actors.MethodCalls;
        Assert.Equal(30, (await GetAsync($"/v1/projects/{Project}/monitors")).GetArrayLength());
        Assert.Equal(31, _env.Cluster.Actors.MethodCalls - calls);
    }

    [Fact]
    public async Task The_project_group_of_processing_errors_is_read_without_the_monitor_actors()
    {
        await PublishAsync(
            Messages.CheckIn(Project, "job-00", "ok", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "no-such-job", "ok", Start));
        await PublishAsync(Messages.CheckIn(Project, "job-00", "bogus", At(10, 1)));

        var calls = _env.Cluster.Actors.MethodCalls;
        var project = await GetAsync($"/v1/projects/{Project}/processing-errors?group=project");
        Assert.Equal(1, _env.Cluster.Actors.MethodCalls - calls);

        // R105: the unknown slug's error is the project's; the monitor's own error is only in the full list.
        var listed = Assert.Single(project.EnumerateArray());
        Assert.Equal("no-such-job", listed.GetProperty("monitor_slug").GetString());
        var both = await GetAsync($"/v1/projects/{Project}/processing-errors");
        Assert.Contains(both.EnumerateArray(), e => e.GetProperty("group").GetString() == "monitor" && e.GetProperty("monitor_slug").GetString() == "job-00");

        using var http = _processor.CreateClient().WithProjectToken();
        using var unknown = await http.GetAsync($"/v1/projects/{Project}/processing-errors?group=everything", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task An_unknown_view_is_a_400_naming_the_parameter()
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync($"/v1/projects/{Project}/monitors?view=everything", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("view", out _));
    }

    private async Task PublishAsync(params CheckInMessage[] messages)
    {
        await _ingest.PublishCheckInsAsync(messages, Ct);
        await _env.WaitForIdleAsync(Ct);
    }

    private async Task<JsonElement> SummaryOfAsync(string slug) =>
        (await GetAsync($"/v1/projects/{Project}/monitors?view=summary")).EnumerateArray().Single(m => m.GetProperty("slug").GetString() == slug);

    private async Task<JsonElement> GetAsync(string path)
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static JsonElement Environment(JsonElement monitor) => monitor.GetProperty("environments")[0];

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 1, 5, hour, minute, second, TimeSpan.Zero);
}
