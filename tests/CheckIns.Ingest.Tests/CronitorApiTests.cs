using System.Net;
using CheckIns.Ingest.Tests.Fixtures;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>Cronitor's telemetry API on <c>/p/…</c> and, with a <c>state</c>, on the Healthchecks-shaped <c>/ping/…</c>.</summary>
public sealed class CronitorApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/p/publickey/nightly-job?state=run", "in_progress")]
    [InlineData("/p/publickey/nightly-job?state=complete", "ok")]
    [InlineData("/p/publickey/nightly-job?state=ok", "ok")]
    [InlineData("/p/publickey/nightly-job?state=fail", "error")]
    [InlineData("/p/publickey/nightly-job", "ok")]
    [InlineData("/ping/publickey/nightly-job?state=fail", "error")]
    [InlineData("/ping/publickey/nightly-job?state=run", "in_progress")]
    public async Task State_decides_the_status_on_both_paths(string path, string status)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(app.Publisher.Published);
        Assert.Equal(status, message.Property("status"));
        Assert.Equal("cronitor", message.Source);
        Assert.Equal("1:nightly-job", message.MonitorKey);
        Assert.True(message.MonitorConfigCreateOnly); // Cronitor's defaults create the monitor, never change it
    }

    [Fact]
    public async Task Without_a_series_each_run_is_a_new_check_in_and_an_end_closes_the_latest()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        await client.GetAsync("/p/publickey/job?state=run", Ct);
        await client.GetAsync("/p/publickey/job?state=run", Ct);
        await client.GetAsync("/p/publickey/job?state=complete", Ct);

        var ids = app.Publisher.Published.Select(m => Guid.Parse(m.Property("check_in_id"))).ToList();
        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids.Take(2), id => Assert.Equal(4, id.Version));
        Assert.Equal(Guid.Empty, ids[2]);
    }

    [Fact]
    public async Task A_series_names_one_check_in_per_project_and_monitor()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        await client.GetAsync("/p/publickey/job-a?state=run&series=s1", Ct);
        await client.GetAsync("/p/publickey/Job-A?state=fail&series=s1", Ct);
        await client.GetAsync("/p/publickey/job-b?state=run&series=s1", Ct);
        await client.GetAsync("/p/otherprojectkey/job-a?state=run&series=s1", Ct);

        var ids = app.Publisher.Published.Select(m => m.Property("check_in_id")).ToList();
        Assert.Equal(CronitorIds.Series(1, "job-a", "s1"), ids[0]);
        Assert.Equal(ids[0], ids[1]); // the normalised key names the same monitor
        Assert.Equal(CronitorIds.Series(1, "job-b", "s1"), ids[2]);
        Assert.Equal(CronitorIds.Series(2, "job-a", "s1"), ids[3]);
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task Head_and_post_are_events_too()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/p/publickey/job?state=run"), Ct);
        var post = await client.PostAsync("/p/publickey/job?state=complete&env=staging", new StringContent(""), Ct);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(["in_progress", "ok"], app.Publisher.Published.Select(m => m.Property("status")));
        Assert.Equal("staging", app.Publisher.Published[1].Property("environment"));
    }

    [Theory]
    [InlineData("/p/publickey/job?state=started", "invalid state: expected run, complete, fail or ok")]
    [InlineData("/p/publickey/job?state=run&state=fail", "invalid state: given more than once")]
    [InlineData("/p/publickey/job?state=complete&metric=duration:fast", "invalid metric: duration must be a number of seconds")]
    [InlineData("/p/publickey/job?state=complete&metric=duration:-1", "invalid metric: duration must be a number of seconds")]
    [InlineData("/p/publickey/job?state=complete&metric=duration:1&metric=duration:2", "invalid metric: duration is given more than once")]
    [InlineData("/ping/publickey/job?state=bogus", "invalid state: expected run, complete, fail or ok")]
    public async Task Malformed_event_is_400_and_nothing_is_published(string path, string text)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(text, await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task A_monitor_key_that_is_empty_once_normalised_or_too_long_is_400()
    {
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var empty = await client.GetAsync("/p/publickey/%40%40?state=run", Ct);
        var longKey = await client.GetAsync($"/p/publickey/{new string('k', 10_000)}?state=run", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        Assert.Empty(app.Publisher.Published);
    }

    [Theory]
    [InlineData("/p/unknownkey/job?state=run")]
    [InlineData("/p/disabledkey/job?state=run")]
    [InlineData("/p/disabledprojectkey/job")]
    [InlineData("/ping/unknownkey/job?state=run")]
    public async Task Unknown_or_disabled_key_is_404(string path)
    {
        await using var app = new IngestAppFactory();

        var response = await app.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(app.Publisher.Published);
    }

    [Fact]
    public async Task Publish_failure_is_503()
    {
        await using var app = new IngestAppFactory();
        app.Publisher.Fail = true;

        var response = await app.CreateClient().GetAsync("/p/publickey/job?state=run", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
