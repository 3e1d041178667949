using System.Net;
using CheckIns.Contracts;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CheckIns.Ingest.Tests.Emulator;

/// <summary>
/// Ingest on a sidecar whose broker keeps its messages on disk, as in the local run: a check-in is answered 202 only
/// once it is stored, and a broker that cannot store it turns into a 503 with Retry-After, never a 2xx.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class IngestOnDurableSidecarTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "checkins-ingest-tests", Guid.NewGuid().ToString("N"));
    private DaprTestEnvironment _env = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions { ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"), DataDirectory = _data },
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
        _client = app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _env.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task A_check_in_is_accepted_once_stored_and_a_broker_that_cannot_store_it_is_503_with_retry_after()
    {
        var stored = await _client.GetAsync("/api/1/cron/durable/publickey/?status=ok", Ct);
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));

        _env.Cluster.Disk!.Dispose(); // the broker's disk is gone
        var refused = await _client.GetAsync("/api/1/cron/durable/publickey/?status=ok", Ct);

        await HttpAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Single(_env.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors));
    }
}
