using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CheckIns.Ingest.Tests;

public sealed class SecretStoreProjectsTests
{
    [Fact]
    public async Task Projects_from_a_Dapr_secret_store_apply_and_a_change_in_the_store_applies_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sidecar = new FakeDaprSidecar();
        var secret = new Dictionary<string, string>
        {
            ["Ingest__Projects__7__OrganizationId"] = "70",
            ["Ingest__Projects__7__Keys__0__PublicKey"] = "storekey",
            ["Unrelated__Password"] = "not configuration",
        };
        sidecar.SecretStores["ingest-secrets"] = new() { ["ingest-projects"] = secret };
        await using var app = new IngestAppFactory(new Dictionary<string, string?>
        {
            ["Ingest:SecretStore:Name"] = "ingest-secrets",
            ["Ingest:SecretStore:RefreshSeconds"] = "30",
        });
        var client = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(sidecar.CreateClient()))).CreateClient();

        var accepted = await PollAsync(client, HttpStatusCode.Accepted, app, ct);
        sidecar.SecretStores["ingest-secrets"] = new()
        {
            ["ingest-projects"] = new(secret) { ["Ingest__Projects__7__Keys__0__Enabled"] = "false" },
        };
        var refused = await PollAsync(client, HttpStatusCode.Forbidden, app, ct);

        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        // Until the store is read again the key still works: every check-in accepted carries the store's project.
        Assert.NotEmpty(app.Publisher.Published);
        Assert.All(app.Publisher.Published, m => Assert.Equal((70L, "7:job"), (m.OrganizationId!.Value, m.MonitorKey)));
        Assert.Null(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Unrelated:Password"]);
    }

    /// <summary>Sends the cron request until it gets the status, moving the clock past each refresh; bounded.</summary>
    private static async Task<HttpStatusCode> PollAsync(HttpClient client, HttpStatusCode wanted, IngestAppFactory app, CancellationToken ct)
    {
        var last = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 200 && last != wanted; attempt++)
        {
            last = (await client.GetAsync("/api/7/cron/job/storekey/?status=ok", ct)).StatusCode;
            if (last != wanted)
            {
                app.Time.Advance(TimeSpan.FromSeconds(30));
                await Task.Delay(25, ct);
            }
        }

        return last;
    }
}
