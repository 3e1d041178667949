using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// What Sentry's consumers read, checked through the public routes: the fingerprint's form (D13), the check-in ids
/// the issue messages carry (R117, R118, R120), the incident history, and per-environment mute and disable (D16).
/// </summary>
public sealed class SentryParityTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task D13_the_fingerprint_is_crons_and_the_monitor_environment_id_and_a_later_incident_reuses_it()
    {
        await _suite.CheckInAsync("nightly", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        var environmentId = (await _suite.EnvironmentAsync("nightly")).GetProperty("id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", environmentId);
        var listed = await _suite.ProcessorClient.GetFromJsonAsync<JsonElement>(
            new Uri($"/v1/projects/{CheckInsSuite.ProjectId}/monitors", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(environmentId, listed[0].GetProperty("environments")[0].GetProperty("id").GetString());

        await FailThenRecoverAsync("nightly");
        await FailThenRecoverAsync("nightly");

        var expected = $"crons:{environmentId}";
        Assert.Equal(2, _suite.Occurrences().Count);
        Assert.All(_suite.Occurrences(), o => Assert.Equal([expected], o.GetProperty("fingerprint").EnumerateArray().Select(f => f.GetString())));
        Assert.All(_suite.StatusChanges(), c => Assert.Equal([expected], c.GetProperty("fingerprint").EnumerateArray().Select(f => f.GetString())));
        Assert.All(
            _suite.Published(Contracts.DaprNames.IncidentsPubSub, Contracts.Topics.IngestOccurrences),
            m => Assert.Equal($"{expected}-{CheckInsSuite.ProjectId}", m.PartitionKey));
        // The environment's id stays what it was across incidents.
        Assert.Equal(environmentId, (await _suite.EnvironmentAsync("nightly")).GetProperty("id").GetString());
    }

    private async Task FailThenRecoverAsync(string slug, string? environment = null)
    {
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync(slug, "error", environment: environment);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _suite.CheckInAsync(slug, "ok", environment: environment);
        await _suite.WaitForIdleAsync();
    }
}
