using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckIns.Processor.Tests.Support;

namespace CheckIns.Processor.Tests.App;

/// <summary><c>GET …/monitors?view=summary</c> for monitors whose overview entry the index does not hold yet.</summary>
public sealed class MonitorSummaryViewTests
{
    private const long Project = 1;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);
    private static readonly object Hourly = Messages.CrontabConfig("0 * * * *");

    [Fact]
    public async Task A_monitor_indexed_without_an_entry_is_read_from_its_actor_and_listed_in_slug_order()
    {
        await using var app = new ProcessorAppFactory(Start);
        await app.DeliverAsync(
            Messages.CheckIn(Project, "alpha", "ok", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "beta", "error", Start, monitorConfig: Hourly),
            Messages.CheckIn(Project, "gamma", "ok", Start, monitorConfig: Hourly));
        await app.ForgetOverviewAsync(Project, "beta");

        using var http = await app.ClientAsync();
        using var response = await http.GetAsync($"/v1/projects/{Project}/monitors?view=summary", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["alpha", "beta", "gamma"], listed.EnumerateArray().Select(m => m.GetProperty("slug").GetString()));
        var beta = listed[1].GetProperty("environments")[0];
        Assert.Equal("error", beta.GetProperty("status").GetString());
        Assert.True(beta.GetProperty("has_active_incident").GetBoolean());
    }
}
