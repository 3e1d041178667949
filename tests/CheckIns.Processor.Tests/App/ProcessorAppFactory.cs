using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.App;

/// <summary>
/// The processor app over HTTP (subscription and monitor API) with its monitor actors hosted by a
/// <see cref="LocalMonitorRuntime"/> instead of a sidecar, and a fake clock.
/// </summary>
public sealed class ProcessorAppFactory(DateTimeOffset start) : WebApplicationFactory<Program>
{
    public LocalMonitorRuntime Runtime { get; } = new(new FakeTimeProvider(start));

    public FakeTimeProvider Time => Runtime.Time;

    public IReadOnlyList<MonitorStatusEvent> Published => [.. Runtime.Publisher.Published.Select(p => p.Event)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        TestTokens.Configure(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Runtime.Time);
            services.RemoveAll<IMonitorTurns>();
            services.RemoveAll<IMonitorActors>();
            services.RemoveAll<IProjectIndex>();
            services.AddSingleton<IMonitorTurns>(Runtime);
            services.AddSingleton<IMonitorActors>(Runtime);
            services.AddSingleton<IProjectIndex>(Runtime);
        });
    }

    /// <summary>Every client calls the monitor API as the holder of the test projects' auth token.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.WithProjectToken();
    }

    /// <summary>Delivers the messages as one bulk batch and returns the entry statuses in entry order.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(params object[] events)
    {
        using var client = CreateClient();
        var body = Messages.BulkEnvelope([.. events.Select(e => e is CheckInMessage m ? Messages.CloudEvent(Messages.ToJson(m)) : e)]);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(IngestMonitorsSubscription.Route, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return [.. json.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("status").GetString()!)];
    }

    public async Task<JsonElement> GetMonitorAsync(long projectId, string slug)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync($"/v1/projects/{projectId}/monitors/{slug}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PutMonitorAsync(long projectId, string slug, object body)
    {
        using var client = CreateClient();
        using var response = await client.PutAsJsonAsync($"/v1/projects/{projectId}/monitors/{slug}", body, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    /// <summary>Moves the fake clock and lets the reminders that came due fire.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Runtime.FireDueRemindersAsync();
    }

    public static JsonElement Environment(JsonElement monitor, string name = "production") =>
        monitor.GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
}
