extern alias emulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Incidents.Tests;

/// <summary>
/// The incidents app behind an emulated sidecar loaded with the repository's own <c>components/</c>: events are
/// published to <c>checkins-pubsub</c>/<c>monitors-status</c> as the processor does, and the assertions read what
/// reached <c>incidents-pubsub</c>/<c>ingest-occurrences</c> and what the API answers.
/// </summary>
public sealed class OnEmulatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(Events.T0);
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _app = null!;
    private global::Dapr.Client.DaprClient _processor = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _env = await DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components"), TimeProvider = _time }, ct);
        _app = await _env.StartAppAsync<Program>(AppIds.Incidents, configureWebHost: TestTokens.Configure, ct: ct);
        // Publishing through a sidecar of app-id "processor" also checks that component scopes let it publish there.
        _processor = _env.CreateDaprClient(AppIds.Processor);
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task An_occurrence_event_reaches_ingest_occurrences_raw_and_keyed_and_the_issue_is_listed()
    {
        await PublishAsync(Events.Occurrence());
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        var message = Assert.Single(Occurrences());
        Assert.Equal("crons:17-42", message.PartitionKey);
        Assert.False(message.IsCloudEvent); // Sentry's JSON is the message value
        Assert.Equal("occurrence", message.DataJson.GetProperty("payload_type").GetString());
        Assert.Equal("Cron failure: Nightly backup", message.DataJson.GetProperty("issue_title").GetString());
        Assert.Equal(AppIds.Incidents, message.PublisherAppId);

        var issue = Assert.Single(await ListAsync("?status=open&monitor=nightly-backup"));
        Assert.Equal("crons:17", issue.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task A_duplicate_delivery_publishes_once()
    {
        _env.Faults.DeliverTwice(DaprNames.CheckInsPubSub, Topics.MonitorsStatus);

        await PublishAsync(Events.Occurrence());
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        Assert.Single(Occurrences());
        Assert.Equal(1, Assert.Single(await ListAsync("")).GetProperty("occurrence_count").GetInt32());
    }

    [Fact]
    public async Task The_same_event_published_twice_by_the_outbox_publishes_once()
    {
        await PublishAsync(Events.Occurrence());
        await PublishAsync(Events.Occurrence());
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        Assert.Single(Occurrences());
    }

    [Fact]
    public async Task A_broker_outage_on_incidents_pubsub_is_retried_until_the_occurrence_is_out()
    {
        _env.Faults.FailNextPublishes(2, DaprNames.IncidentsPubSub, Topics.IngestOccurrences);

        await PublishAsync(Events.Occurrence());
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        Assert.Empty(Occurrences());
        Assert.Empty(await ListAsync("")); // not recorded as done while nothing left

        // The delivery answered 500; the sidecar retries on its back-off (components/resiliency.yaml).
        for (var i = 0; i < 10 && Occurrences().Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);
        }

        var message = Assert.Single(Occurrences());
        Assert.Equal("crons:17-42", message.PartitionKey);
        Assert.Single(await ListAsync(""));
    }

    [Fact]
    public async Task An_unreadable_event_goes_to_the_dead_letter_topic()
    {
        await _processor.PublishByteEventAsync(
            DaprNames.CheckInsPubSub, Topics.MonitorsStatus, """{"event_id":"x","kind":"incident_occurrence"}"""u8.ToArray(),
            cancellationToken: TestContext.Current.CancellationToken);
        await _env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatusDeadLetter));
        Assert.Empty(Occurrences());
    }

    [Fact]
    public async Task Readiness_sees_the_sidecar()
    {
        using var client = _app.CreateClient();

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private Task PublishAsync(MonitorStatusEvent evt) =>
        // As the processor's workflows publish: contract JSON bytes, the monitor key as partition key.
        _processor.PublishByteEventAsync(
            DaprNames.CheckInsPubSub,
            Topics.MonitorsStatus,
            JsonSerializer.SerializeToUtf8Bytes(evt, ContractsJsonContext.Default.MonitorStatusEvent),
            "application/json",
            new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = MonitorKeys.Of(evt.ProjectId, evt.Monitor.Slug) },
            TestContext.Current.CancellationToken);

    private IReadOnlyList<emulator::DaprEmulator.PubSub.PublishedMessage> Occurrences() =>
        _env.Published(DaprNames.IncidentsPubSub, Topics.IngestOccurrences);

    private async Task<IReadOnlyList<JsonElement>> ListAsync(string query)
    {
        using var client = _app.CreateClient().WithProjectToken();
        var json = await client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/projects/{Events.ProjectId}/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        return [.. json.EnumerateArray()];
    }
}
