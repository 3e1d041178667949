using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using CheckIns.Processor.StatusEvents;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// The processor app over HTTP (subscription and monitor API) behind an emulated sidecar that runs its check-in
/// workflows, with its monitor actors hosted by a <see cref="LocalMonitorRuntime"/> (so a test can fail a save) and
/// a recording publisher, all on one fake clock.
/// </summary>
public sealed class ProcessorAppFactory(DateTimeOffset start) : IAsyncDisposable
{
    private DaprTestEnvironment? _env;
    private DaprTestApp? _app;

    public LocalMonitorRuntime Runtime { get; } = new(new FakeTimeProvider(start));

    public FakeTimeProvider Time => Runtime.Time;

    public DaprTestEnvironment Emulator => _env ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<MonitorStatusEvent> Published => [.. Runtime.Publisher.Published.Select(p => p.Event)];

    private async Task<DaprTestApp> AppAsync()
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
            configureServices: services =>
            {
                services.RemoveAll<IMonitorOperations>();
                services.RemoveAll<IMonitorActors>();
                services.RemoveAll<IProjectIndex>();
                services.RemoveAll<IStatusEventPublisher>();
                services.AddSingleton<IMonitorOperations>(Runtime);
                services.AddSingleton<IMonitorActors>(Runtime);
                services.AddSingleton<IProjectIndex>(Runtime);
                services.AddSingleton<IStatusEventPublisher>(Runtime.Publisher);
            },
            configureWebHost: web =>
            {
                web.UseSetting("Logging:Console:FormatterName", "simple");
                // The rules tests post deliveries themselves, with no ingest and no pulses: decisions on the workflow's
                // clock (the stream clock's off switch), as a deployment without pulses runs.
                web.UseSetting("Processor:StreamClock:Enabled", "false");
                TestTokens.Configure(web);
            },
            ct: TestContext.Current.CancellationToken);
        Runtime.UseTicks(_app.Services.GetRequiredService<ITickScheduler>());
        return _app;
    }

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

    /// <summary>Moves the fake clock, lets the reminders and workflow timers that came due fire, and waits until all that settled.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await AppAsync();
        Time.Advance(by);
        for (var round = 0; round < 100; round++)
        {
            await Emulator.WaitForIdleAsync(TestContext.Current.CancellationToken);
            if (await Runtime.FireDueRemindersAsync() == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("Reminders kept firing without the clock moving.");
    }

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
