using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Ingest.Tests.Emulator;

/// <summary>
/// The real app, the real DaprClient and an emulated sidecar: what reaches the topic is what a
/// processor would read, and a failing broker turns into a 503. A refused check-in's retry and a call from
/// another app's sidecar are flows, tested end to end (DeliveryGuaranteeTests, ServiceInvocationTests).
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class IngestThroughSidecarTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(IngestAppFactory.Now);
    private DaprTestEnvironment _env = null!;
    private HttpClient _client = null!;

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
        var app = await _env.StartAppAsync<Program>(
            AppIds.Ingest,
            configureWebHost: web =>
            {
                foreach (var (key, value) in TestProjects.Settings)
                {
                    web.UseSetting(key, value);
                }
            },
            ct: Ct);
        _client = app.CreateClient().AsSidecar();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task Sentry_cli_envelope_reaches_the_topic_keyed_by_its_monitor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/1/envelope/") { Content = new ByteArrayContent(ClientRequests.CliEnvelopeBody()) };
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", "Sentry sentry_key=publickey, sentry_version=7, sentry_client=sentry-cli/x86_64");

        var response = await _client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));
        Assert.Equal("1:cli-job", published.PartitionKey);
        Assert.Equal(AppIds.Ingest, published.PublisherAppId);
        Assert.True(published.IsCloudEvent);
        Assert.Equal("application/json", published.DataContentType);
        var message = published.DataAs<CheckInMessage>(ContractsJsonContext.Default.Options)!;
        Assert.Equal("cli-job", message.MonitorSlug);
        Assert.Equal(10, message.OrganizationId);
        Assert.Equal(IngestAppFactory.Now, message.ReceivedAt);
        Published.PayloadEquals(ClientRequests.CliPayload, message);
    }

    [Fact]
    public async Task Native_array_reaches_the_topic_in_order_each_check_in_keyed_by_its_monitor()
    {
        var response = await _client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""
                [{"project_id":1,"monitor_slug":"Batch Job","status":"in_progress","check_in_id":"11111111111111111111111111111111"},
                 {"project_id":1,"monitor_slug":"batch-job","status":"ok","check_in_id":"11111111111111111111111111111111"},
                 {"project_id":1,"monitor_slug":"other","status":"error"}]
                """),
            Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var published = _env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors);
        Assert.Equal(3, published.Count);
        var batch = published.Where(p => p.PartitionKey == "1:batch-job").Select(p => p.DataAs<CheckInMessage>(ContractsJsonContext.Default.Options)!).ToList();
        Assert.Equal(["in_progress", "ok"], batch.Select(m => m.Payload.GetProperty("status").GetString()));
        Assert.Equal("1:other", Assert.Single(published, p => p.PartitionKey != "1:batch-job").PartitionKey);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(batch.Select(m => m.MessageId), answer.EnumerateArray().Take(2).Select(a => a.GetProperty("message_id").GetString()));
    }

    [Fact]
    public async Task Broker_failure_in_a_bulk_publish_is_503_never_202()
    {
        _env.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.IngestMonitors);

        var response = await _client.PostAsync(
            "/v1/checkins",
            HttpAssert.Json("""[{"project_id":1,"monitor_slug":"bulk","status":"in_progress"},{"project_id":1,"monitor_slug":"bulk","status":"ok"}]"""),
            Ct);

        // The broker refused the first entry and took the second (per-entry failures, as daprd reports a bulk publish):
        // the request is not accepted, since one of its check-ins is not on the topic, and the client sends it again.
        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var taken = Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors)).DataAs<CheckInMessage>(ContractsJsonContext.Default.Options)!;
        Assert.Equal("ok", taken.Payload.GetProperty("status").GetString());
    }
}
