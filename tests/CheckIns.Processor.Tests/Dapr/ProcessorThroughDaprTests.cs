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
/// The processor behind an emulated sidecar: check-ins published to ingest-monitors with a DaprClient reach
/// the bulk subscription, the monitor actors run on the sidecar's actor runtime and state store, and the status
/// events go to monitors-status through the broker, keyed by their monitor. The flows through all three apps
/// (deadlines, thresholds, mute, redeliveries, lost publishes, dead letters, restarts) are the end-to-end tests'.
/// </summary>
public sealed class ProcessorThroughDaprTests : IAsyncLifetime
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    private readonly FakeTimeProvider _time = new(Start);
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;
    private DaprClient _ingest = null!;
    private IngestClockPulses _pulses = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"),
                TimeProvider = _time,
            },
            TestContext.Current.CancellationToken);
        _processor = await _env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: TestContext.Current.CancellationToken);
        _ingest = _env.CreateDaprClient(AppIds.Ingest);
        // Missed and timeout decisions follow the stream clock: these tests play ingest, its pulses included.
        _pulses = IngestClockPulses.Start(_time, _ingest);
    }

    public async ValueTask DisposeAsync()
    {
        _pulses.Dispose();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task Check_ins_create_the_monitor_open_an_incident_and_resolve_it_with_events_on_monitors_status()
    {
        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", Start, monitorConfig: Hourly));
        var created = Environment(await GetMonitorAsync("nightly"));
        Assert.Equal("ok", created.GetProperty("status").GetString());
        Assert.Equal(At(11, 0), created.GetProperty("next_checkin").GetDateTimeOffset());

        await PublishAsync(Messages.CheckIn(Project, "nightly", "error", At(11, 0, 5)));
        var occurrence = Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal("1:nightly", _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Single(m => m.DataJson.GetProperty("event_id").GetString() == occurrence.EventId).PartitionKey);
        Assert.Equal(JsonValueKind.Object, Environment(await GetMonitorAsync("nightly")).GetProperty("active_incident").ValueKind);

        await PublishAsync(Messages.CheckIn(Project, "nightly", "ok", At(12, 0, 5)));
        var resolution = Assert.Single(StatusEvents(), e => e.Kind == MonitorStatusEventKinds.IncidentResolved);
        Assert.Equal(occurrence.Incident!.Id, resolution.Incident!.Id);
        Assert.Equal(JsonValueKind.Null, Environment(await GetMonitorAsync("nightly")).GetProperty("active_incident").ValueKind);
    }

    private async Task PublishAsync(params CheckInMessage[] messages)
    {
        await _ingest.PublishCheckInsAsync(messages, TestContext.Current.CancellationToken);
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
    }

    private List<MonitorStatusEvent> StatusEvents() =>
        [.. _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus)
            .Select(m => m.DataJson.Deserialize(ContractsJsonContext.Default.MonitorStatusEvent)!)];

    private async Task<JsonElement> GetMonitorAsync(string slug)
    {
        using var http = _processor.CreateClient().WithProjectToken();
        using var response = await http.GetAsync($"/v1/projects/{Project}/monitors/{slug}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static JsonElement Environment(JsonElement monitor) => monitor.GetProperty("environments")[0];

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 1, 5, hour, minute, second, TimeSpan.Zero);
}
