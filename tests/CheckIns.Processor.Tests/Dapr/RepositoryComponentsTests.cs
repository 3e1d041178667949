using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Processor.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Processor.Tests.Dapr;

/// <summary>The processor with the repository's own components/ folder (names, scopes, actor state store, resiliency).</summary>
public sealed class RepositoryComponentsTests
{
    [Fact]
    public async Task The_repository_components_host_the_processor_its_subscription_and_its_actors()
    {
        var start = new DateTimeOffset(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
        await using var env = await DaprTestEnvironment.StartAsync(
            new DaprTestEnvironmentOptions { ResourcesPath = RepositoryRoot.PathOf("components"), TimeProvider = new FakeTimeProvider(start) },
            TestContext.Current.CancellationToken);
        var processor = await env.StartAppAsync<Program>(AppIds.Processor, configureWebHost: TestTokens.Configure, ct: TestContext.Current.CancellationToken);
        var ingest = env.CreateDaprClient(AppIds.Ingest);
        var message = Messages.CheckIn(3, "nightly", "error", start, monitorConfig: Messages.CrontabConfig("0 * * * *"));

        await ingest.PublishCheckInsAsync([message], TestContext.Current.CancellationToken);
        await env.WaitForIdleAsync(TestContext.Current.CancellationToken);

        using var http = processor.CreateClient().WithProjectToken();
        var listed = await http.GetFromJsonAsync<JsonElement>("/v1/projects/3/monitors", TestContext.Current.CancellationToken);
        Assert.Equal("error", Assert.Single(listed.EnumerateArray()).GetProperty("environments")[0].GetProperty("status").GetString());
        var occurrence = Assert.Single(env.Published(DaprNames.CheckInsPubSub, Topics.MonitorsStatus), m =>
            m.DataJson.GetProperty("kind").GetString() == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Equal(message.MonitorKey, occurrence.PartitionKey);
        using var missing = await http.GetAsync("/v1/projects/3/monitors/other", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
