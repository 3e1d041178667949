extern alias ingest;
extern alias processor;
extern alias incidents;
extern alias emulator;

using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.EndToEnd.Tests.Support;

/// <summary>
/// The three apps (ingest, processor, incidents) on the emulated Dapr sidecars, loaded with the repository's own
/// <c>components/</c>, all reading one <see cref="FakeTimeProvider"/>. Tests talk to the apps as users do: HTTP in,
/// the read APIs and what reached the topics out.
/// </summary>
public sealed class CheckInsSuite : IAsyncDisposable
{
    public const long ProjectId = 42;
    public const long OrganizationId = 7;

    /// <summary>
    /// How long <see cref="WaitForIdleAsync"/> may take: every check-in is a workflow (a start, two orchestrator steps
    /// and an activity), so the volume test's 2 000 take longer than the emulator's default 30 s on a busy machine.
    /// </summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(3);
    public const string PublicKey = "e2e0public0key0000000000000000ab";

    /// <summary>The project's DSN, as a script sends it to the native API (<c>Authorization: DSN …</c>).</summary>
    public static readonly string Dsn = $"http://{PublicKey}@localhost/{ProjectId}";

    /// <summary>Half a minute past an hour, so an hourly schedule's next check-in is unambiguous.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);

    private CheckInsSuite(FakeTimeProvider time, DaprTestEnvironment env, DaprTestApp ingestApp, DaprTestApp processorApp, DaprTestApp incidentsApp)
    {
        Time = time;
        Env = env;
        Ingest = ingestApp;
        Processor = processorApp;
        Incidents = incidentsApp;
        IngestClient = ingestApp.CreateClient();
        NativeClient = ingestApp.CreateClient();
        NativeClient.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"DSN {Dsn}");
        ProcessorClient = processorApp.CreateClient().WithProjectToken();
        IncidentsClient = incidentsApp.CreateClient().WithProjectToken();
    }

    public FakeTimeProvider Time { get; }

    public DaprTestEnvironment Env { get; }

    public DaprTestApp Ingest { get; }

    public DaprTestApp Processor { get; }

    public DaprTestApp Incidents { get; }

    /// <summary>Ingest without credentials of its own: each request carries what its client would send.</summary>
    public HttpClient IngestClient { get; }

    /// <summary>Ingest as a script calls the native API, with the project's key (its DSN).</summary>
    public HttpClient NativeClient { get; }

    /// <summary>The processor as the holder of the project's auth token.</summary>
    public HttpClient ProcessorClient { get; }

    /// <summary>The incidents app as the holder of the project's auth token.</summary>
    public HttpClient IncidentsClient { get; }

    /// <param name="configureProcessor">Extra service registrations for the processor (e.g. engine limits).</param>
    public static async Task<CheckInsSuite> StartAsync(Action<IServiceCollection>? configureProcessor = null, CancellationToken ct = default)
    {
        var time = new FakeTimeProvider(T0);
        var env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions
            {
                ResourcesPath = RepositoryRoot.PathOf("components"),
                ConfigFiles = DaprTestEnvironmentOptions.ConfigFilesOf(RepositoryRoot.PathOf("dapr.yaml")),
                TimeProvider = time,
                IdleTimeout = IdleTimeout,
            },
            ct);
        try
        {
            var ingestApp = await env.StartAppAsync<ingest::Program>(AppIds.Ingest, configureWebHost: ConfigureIngestProject, ct: ct);
            var processorApp = await env.StartAppAsync<processor::Program>(AppIds.Processor, configureProcessor, TestTokens.Configure, ct);
            var incidentsApp = await env.StartAppAsync<incidents::Program>(AppIds.Incidents, configureWebHost: TestTokens.Configure, ct: ct);
            return new CheckInsSuite(time, env, ingestApp, processorApp, incidentsApp);
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    /// <summary>Project 42 of organisation 7 with one public key, as an operator configures it (Ingest:Projects).</summary>
    private static void ConfigureIngestProject(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Ingest:Projects:{ProjectId}:OrganizationId"] = OrganizationId.ToString(CultureInfo.InvariantCulture),
            [$"Ingest:Projects:{ProjectId}:Enabled"] = "true",
            [$"Ingest:Projects:{ProjectId}:Keys:0:PublicKey"] = PublicKey,
            [$"Ingest:Projects:{ProjectId}:Keys:0:Enabled"] = "true",
        }));

    public Task WaitForIdleAsync() => Env.WaitForIdleAsync(TestContext.Current.CancellationToken);

    /// <summary>
    /// Moves the shared clock and lets whatever became due (reminders, redeliveries, ingest's clock pulses and the
    /// decisions they let through) run to the end.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await WaitForIdleAsync();
        await WaitForStreamClockAsync();
    }

    /// <summary>
    /// When ingest runs and has stamped a pulse, waits until the processor's stream clock has reached it, then for
    /// what that let through. A pulse's publish starts on ingest's own task, which the emulator's idle signal cannot
    /// see before it reaches the sidecar, so this polls the read API (bounded).
    /// </summary>
    public async Task WaitForStreamClockAsync()
    {
        if (!Ingest.IsRunning || !Processor.IsRunning || Ingest.Services.GetRequiredService<ingest::CheckIns.Ingest.Publishing.ClockPulsePublisher>().LastStamped is not { } stamped)
        {
            return;
        }

        if (!(await StreamClockViewAsync()).GetProperty("enabled").GetBoolean())
        {
            await WaitForIdleAsync();
            return;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await StreamClockAsync() is not { } clock || clock < stamped)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The stream clock did not reach ingest's pulse of {stamped:O}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
            await WaitForIdleAsync();
        }

        await WaitForIdleAsync();
    }

    /// <summary>GET the processor's stream clock.</summary>
    public async Task<JsonElement> StreamClockViewAsync() =>
        await ProcessorClient.GetFromJsonAsync<JsonElement>(new Uri($"/v1/projects/{ProjectId}/stream-clock", UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>The stream clock's time; null before any partition reported.</summary>
    public async Task<DateTimeOffset?> StreamClockAsync()
    {
        var view = await StreamClockViewAsync();
        return view.GetProperty("clock").ValueKind == JsonValueKind.Null ? null : view.GetProperty("clock").GetDateTimeOffset();
    }

    /// <summary>POST /v1/checkins with a JSON body and the project's key, as a script would.</summary>
    public async Task<HttpResponseMessage> PostCheckInAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await NativeClient.PostAsync(new Uri("/v1/checkins", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts one check-in and requires the 202 that says it was published.</summary>
    public async Task CheckInAsync(string slug, string status, string? monitorConfig = null, Guid? checkInId = null, string? environment = null)
    {
        var body = CheckInJson.Of(slug, status, monitorConfig, checkInId, environment);
        using var response = await PostCheckInAsync(body);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Fail($"ingest answered {(int)response.StatusCode} to {body}: {text}");
        }
    }

    /// <summary>GET the monitor from the processor's read API; null when it answers 404.</summary>
    public async Task<JsonElement?> MonitorAsync(string slug)
    {
        using var response = await ProcessorClient.GetAsync(new Uri($"/v1/projects/{ProjectId}/monitors/{slug}", UriKind.Relative), TestContext.Current.CancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public async Task<JsonElement> RequireMonitorAsync(string slug) =>
        await MonitorAsync(slug) ?? throw new Xunit.Sdk.XunitException($"The processor has no monitor {slug}.");

    /// <summary>The monitor's one environment of that name.</summary>
    public async Task<JsonElement> EnvironmentAsync(string slug, string environment = "production")
    {
        var monitor = await RequireMonitorAsync(slug);
        return monitor.GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == environment);
    }

    /// <summary>The incidents API's list for the project (query like <c>?status=open&amp;monitor=x</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> IncidentsAsync(string query = "")
    {
        var json = await IncidentsClient.GetFromJsonAsync<JsonElement>(new Uri($"/v1/projects/{ProjectId}/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        return [.. json.EnumerateArray()];
    }

    /// <summary>PUT a JSON body to a route of the processor's monitor API (path after <c>/v1/projects/{id}/monitors/</c>).</summary>
    public async Task<HttpResponseMessage> PutMonitorApiAsync(string pathAfterMonitors, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await ProcessorClient.PutAsync(
            new Uri($"/v1/projects/{ProjectId}/monitors/{pathAfterMonitors}", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>GET the incidents API with a query; the rows and the response (for its paging headers).</summary>
    public async Task<(IReadOnlyList<JsonElement> Rows, HttpResponseMessage Response)> IncidentsPageAsync(string query)
    {
        var response = await IncidentsClient.GetAsync(new Uri($"/v1/projects/{ProjectId}/incidents{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return ([.. json.EnumerateArray()], response);
    }

    /// <summary>What reached a topic; on ingest's topics, the check-ins only, not ingest's clock pulses.</summary>
    public IReadOnlyList<emulator::DaprEmulator.PubSub.PublishedMessage> Published(string pubsubName, string topic) =>
        [.. Env.Published(pubsubName, topic).Where(m => !IsClockPulse(m))];

    /// <summary>Everything that reached a topic, clock pulses included.</summary>
    public IReadOnlyList<emulator::DaprEmulator.PubSub.PublishedMessage> AllPublished(string pubsubName, string topic) => Env.Published(pubsubName, topic);

    private static bool IsClockPulse(emulator::DaprEmulator.PubSub.PublishedMessage message)
    {
        try
        {
            return message.DataJson is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String && kind.GetString() == ClockPulses.Kind;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What reached the issue platform's topic.</summary>
    public IReadOnlyList<JsonElement> IssueMessages() =>
        [.. Published(DaprNames.IncidentsPubSub, Topics.IngestOccurrences).Select(m => m.DataJson)];

    public IReadOnlyList<JsonElement> Occurrences() =>
        [.. IssueMessages().Where(m => m.GetProperty("payload_type").GetString() == "occurrence")];

    public IReadOnlyList<JsonElement> StatusChanges() =>
        [.. IssueMessages().Where(m => m.GetProperty("payload_type").GetString() == "status_change")];

    /// <summary>The events the processor published for the incidents app.</summary>
    public IReadOnlyList<JsonElement> StatusEvents() =>
        [.. Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus).Select(m => m.DataJson)];

    public async ValueTask DisposeAsync()
    {
        IngestClient.Dispose();
        NativeClient.Dispose();
        ProcessorClient.Dispose();
        IncidentsClient.Dispose();
        await Env.DisposeAsync();
    }
}
