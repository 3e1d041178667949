using System.Net;
using System.Text;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;
using Dapr.Client;

namespace CheckIns.EndToEnd.Tests;

/// <summary>Another Dapr app sends its check-ins to ingest through service invocation (app-id <c>ingest</c>, method <c>v1/checkins</c>).</summary>
public sealed class ServiceInvocationTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_check_in_invoked_through_the_billing_apps_sidecar_is_processed_like_a_direct_one()
    {
        var invokedId = Guid.NewGuid();
        var directId = Guid.NewGuid();
        // The billing app has a sidecar of its own and calls http://ingest/v1/checkins through it, as the SDK advises.
        var billingSidecar = await _suite.Env.StartSidecarAsync("billing-jobs", TestContext.Current.CancellationToken);
        using var ingest = DaprClient.CreateInvokeHttpClient(AppIds.Ingest, billingSidecar.HttpEndpoint);
        // The sidecar forwards the caller's headers: the project's key authenticates the call.
        ingest.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"DSN {CheckInsSuite.Dsn}");
        using var content = new StringContent(CheckInJson.Of("invoiced", "ok", CheckInJson.Hourly, invokedId), Encoding.UTF8, "application/json");

        using var response = await ingest.PostAsync(new Uri("v1/checkins", UriKind.Relative), content, TestContext.Current.CancellationToken);
        await _suite.CheckInAsync("direct", "ok", CheckInJson.Hourly, directId);
        await _suite.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invoked = await _suite.EnvironmentAsync("invoiced");
        var direct = await _suite.EnvironmentAsync("direct");
        var checkIn = Assert.Single(invoked.GetProperty("recent_checkins").EnumerateArray());
        Assert.Equal(invokedId, Guid.Parse(checkIn.GetProperty("id").GetString()!));
        foreach (var field in new[] { "status", "last_checkin", "next_checkin", "next_checkin_latest" })
        {
            Assert.Equal(direct.GetProperty(field).GetRawText(), invoked.GetProperty(field).GetRawText());
        }

        var published = _suite.Published(DaprNames.CheckInsPubSub, Topics.IngestMonitors).Single(m => m.DataJson.GetProperty("monitor_slug").GetString() == "invoiced");
        Assert.Equal("native", published.DataJson.GetProperty("source").GetString());
        Assert.Equal(CheckInsSuite.OrganizationId, published.DataJson.GetProperty("organization_id").GetInt64());
    }
}
