using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Actors;
using DaprEmulator.State;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// The processor app behind an emulated sidecar, all on one fake clock: its check-in workflows, monitor actors,
/// reminders and publishes run on the emulator, whose state store can refuse a monitor's save and whose broker
/// can refuse a publish. Tests post deliveries to the subscription themselves (no ingest, no pulses).
/// </summary>
public sealed class ProcessorAppFactory(DateTimeOffset start) : IAsyncDisposable
{
    private const string MonitorStateStore = "monitor-state";

    private DaprTestEnvironment? _env;
    private DaprTestApp? _app;

    public FakeTimeProvider Time { get; } = new(start);

    /// <summary>Configuration of the app, read when it starts (on first use).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public DaprTestEnvironment Emulator => _env ?? throw new InvalidOperationException("not started");

    /// <summary>The actor state store's data, as the sidecar keeps it.</summary>
    public InMemoryStateStore MonitorStore => Emulator.StateStore(MonitorStateStore);

    /// <summary>The status events the processor published to monitors-status, in publish order.</summary>
    public IReadOnlyList<MonitorStatusEvent> Published =>
        _env is null
            ? []
            : [.. _env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Select(m => m.DataJson.Deserialize(ContractsJsonContext.Default.MonitorStatusEvent)!)];

    /// <summary>The running app: started on first use.</summary>
    public async Task<DaprTestApp> AppAsync()
    {
        if (_app is not null)
        {
            return _app;
        }

        _env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions { ResourcesPath = Path.Combine(AppContext.BaseDirectory, "resources"), TimeProvider = Time },
            TestContext.Current.CancellationToken);
        _app = await _env.StartAppAsync<Program>(
            AppIds.Processor,
            configureWebHost: web =>
            {
                web.UseSetting("Logging:Console:FormatterName", "simple");
                // The tests post deliveries themselves, with no ingest and no pulses: decisions on the workflow's
                // clock (the stream clock's off switch), as a deployment without pulses runs.
                web.UseSetting("Processor:StreamClock:Enabled", "false");
                foreach (var (key, value) in Settings)
                {
                    web.UseSetting(key, value);
                }

                TestTokens.Configure(web);
            },
            ct: TestContext.Current.CancellationToken);
        return _app;
    }

    /// <summary>The app's own client of its monitor actors: calls through the sidecar, as the workflow activities and the API make them.</summary>
    public async Task<MonitorActorClient> MonitorActorsAsync() => (await AppAsync()).Services.GetRequiredService<MonitorActorClient>();

    /// <summary>Every client calls the monitor API as the holder of the test projects' auth token.</summary>
    public async Task<HttpClient> ClientAsync() => (await AppAsync()).CreateClient().WithProjectToken();

    /// <summary>Delivers the messages as one bulk batch and returns the entry statuses in entry order, once the emulator is idle.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(params object[] events)
    {
        using var client = await ClientAsync();
        var body = Messages.BulkEnvelope([.. events.Select(e => e is CheckInMessage m ? Messages.CloudEvent(Messages.ToJson(m)) : e)]);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(IngestMonitorsSubscription.Route, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        // What the workflows still do after the answer (publishing, starting waits) is done before the test looks.
        await Emulator.WaitForIdleAsync(TestContext.Current.CancellationToken);
        return [.. json.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("status").GetString()!)];
    }

    public async Task<JsonElement> GetMonitorAsync(long projectId, string slug)
    {
        using var client = await ClientAsync();
        using var response = await client.GetAsync($"/v1/projects/{projectId}/monitors/{slug}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PutMonitorAsync(long projectId, string slug, object body)
    {
        using var client = await ClientAsync();
        using var response = await client.PutAsJsonAsync($"/v1/projects/{projectId}/monitors/{slug}", body, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    /// <summary>Moves the fake clock and waits until the reminders and workflow timers that came due have run.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await AppAsync();
        Time.Advance(by);
        await Emulator.WaitForIdleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The key the sidecar stores an actor's state key under.</summary>
    public static string ActorStateKey(string actorType, string actorId, string key) => StateStoreRegistry.ActorKey(AppIds.Processor, actorType, actorId, key);

    /// <summary>The state store refuses the next <paramref name="count"/> state transactions of the monitor's actor.</summary>
    public async Task FailNextSavesAsync(string monitorKey, int count = 1)
    {
        await AppAsync();
        MonitorStore.Faults.FailNextTransactions(count, ActorStateKey(nameof(MonitorActor), monitorKey, string.Empty));
    }

    /// <summary>A monitor actor's committed state under <paramref name="key"/>, as stored; null when it has none.</summary>
    public JsonNode? StoredState(string monitorKey, string key) =>
        MonitorStore.Get(ActorStateKey(nameof(MonitorActor), monitorKey, key)) is { } entry ? JsonNode.Parse(entry.Value) : null;

    /// <summary>When the monitor's reminder is next due on the sidecar's reminder service, or null when none is registered.</summary>
    public DateTimeOffset? ReminderDue(string monitorKey, string name)
    {
        var actor = new ActorKey(nameof(MonitorActor), monitorKey);
        var due = Emulator.Cluster.Actors.Reminders.List().Where(r => r.Actor == actor && r.Name == name).Select(r => r.NextFire).ToList();
        return due.Count == 0 ? null : due.Single();
    }

    /// <summary>
    /// Rewrites actor state in the store, as state left by an older version: the app is restarted first, so that no
    /// activation holds the state cached, and the edit is what the actors read next.
    /// </summary>
    public async Task EditStoredStateAsync(Func<InMemoryStateStore, IReadOnlyList<StateOperation>> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await Emulator.RestartAppAsync(AppIds.Processor, TestContext.Current.CancellationToken);
        await MonitorStore.ApplyAsync(edit(MonitorStore));
    }

    /// <summary>Leaves the monitor in its project's index without its overview entry, as a monitor indexed before entries were kept.</summary>
    public Task ForgetOverviewAsync(long projectId, string slug) => EditStoredStateAsync(store =>
    {
        var prefix = ActorStateKey(nameof(ProjectMonitorsActor), projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), "overview-");
        var edits = new List<StateOperation>();
        foreach (var (key, entry) in store.Snapshot().Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var bucket = JsonNode.Parse(entry.Value)!.AsObject();
            if (bucket.Remove(slug))
            {
                edits.Add(new StateOperation(key, false, Encoding.UTF8.GetBytes(bucket.ToJsonString()), null, false, null));
            }
        }

        Assert.Single(edits);
        return edits;
    });

    public static JsonElement Environment(JsonElement monitor, string name = "production") =>
        monitor.GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    public async ValueTask DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }
    }
}
