using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CheckIns.Ingest.Tests;

public sealed class ProjectReloadTests
{
    [Fact]
    public async Task A_key_added_or_disabled_in_configuration_applies_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();

        var before = await client.GetAsync("/api/1/cron/job/newkey/?status=ok", ct);
        configuration["Ingest:Projects:1:Keys:5:PublicKey"] = "newkey";
        configuration["Ingest:Projects:1:Keys:0:Enabled"] = "false";
        configuration.Reload();
        var added = await client.GetAsync("/api/1/cron/job/newkey/?status=ok", ct);
        var disabled = await client.GetAsync("/api/1/cron/job/publickey/?status=ok", ct);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disabled.StatusCode);
    }
}
