using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.App;
using CheckIns.Processor.Tests.Storage;
using CheckIns.Tests.Shared;
using DaprEmulator.State;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>
/// A monitor state saved before the stored schema existed, put in the actor state store as the sidecar keeps it:
/// the processor reads it through the real actor SDK, and its next turn saves it as schema version 1.
/// </summary>
public sealed class SavedMonitorStateTests : IAsyncLifetime
{
    private static readonly string StoreKey = ProcessorAppFactory.ActorStateKey(nameof(MonitorActor), SavedStateFixture.MonitorKey, MonitorActor.StateKey);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 13, 2, 0, TimeSpan.Zero));
    private DaprTestEnvironment _env = null!;
    private DaprTestApp _processor = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions { ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"), TimeProvider = _time },
            TestContext.Current.CancellationToken);
        await Store.ApplyAsync([new StateOperation(StoreKey, IsDelete: false, Encoding.UTF8.GetBytes(SavedStateFixture.Json), ETag: null, FirstWrite: false, Ttl: null)]);
        _processor = await _env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    private InMemoryStateStore Store => _env.StateStore(DaprNames.ActorStateStore);

    [Fact]
    public async Task A_state_saved_before_the_stored_schema_is_served_and_its_next_turn_saves_version_1()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _processor.CreateClient().WithProjectToken();

        var monitor = await http.GetFromJsonAsync<JsonElement>("/v1/projects/42/monitors/nightly-backup", ct);
        Assert.Equal(("Nightly backup", "team:12"), (monitor.GetProperty("name").GetString(), monitor.GetProperty("owner").GetString()));
        Assert.Equal("Europe/Vienna", monitor.GetProperty("config").GetProperty("timezone").GetString());
        Assert.Equal(2, monitor.GetProperty("processing_errors").GetArrayLength());
        var production = monitor.GetProperty("environments")[0];
        Assert.Equal(("production", "error"), (production.GetProperty("name").GetString(), production.GetProperty("status").GetString()));
        Assert.Equal("5a2820df5d7387649251ed283eb8927a", production.GetProperty("active_incident").GetProperty("id").GetString());
        Assert.Equal(5, production.GetProperty("recent_checkins").GetArrayLength());
        Assert.Equal("6f1d2c4e-8a3b-4f5e-9c7d-0b1a2e3f4d5c", production.GetProperty("ping_uuid").GetString());
        var staging = monitor.GetProperty("environments")[1];
        Assert.Equal(("staging", true), (staging.GetProperty("name").GetString(), staging.GetProperty("is_muted").GetBoolean()));

        using var put = await http.PutAsJsonAsync("/v1/projects/42/monitors/nightly-backup", new { name = "Nightly backup (db)" }, ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var saved = JsonDocument.Parse(Store.Get(StoreKey)!.Value);
        Assert.Equal(1, saved.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("Nightly backup (db)", saved.RootElement.GetProperty("monitor").GetProperty("name").GetString());
        Assert.Equal(9, saved.RootElement.GetProperty("appliedMessageIds").GetArrayLength());
    }
}
