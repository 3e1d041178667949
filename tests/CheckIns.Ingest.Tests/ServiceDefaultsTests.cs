using System.Net;
using CheckIns.Ingest.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Tests;

public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Liveness_and_the_OpenAPI_document_with_every_ingest_route_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new IngestAppFactory();
        var client = app.CreateClient();

        var live = await client.GetAsync("/healthz", ct);
        var openApi = await client.GetStringAsync("/openapi/v1.json", ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var paths = System.Text.Json.JsonDocument.Parse(openApi).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/checkins", paths);
        Assert.Contains("/api/{projectId}/envelope", paths);
        Assert.Contains("/api/{projectId}/cron/{monitorSlug}/{sentryKey}", paths);
        Assert.Contains("/ping/{pingKey}/{slug}/{action}", paths);
    }

    [Theory]
    [InlineData("X-Sentry-Auth", "sentry sentry_key=publickey")]
    [InlineData("X-Sentry-Auth", "SENTRY   sentry_version=7 ,sentry_key = publickey ,sentry_client=x/1")]
    [InlineData("X-Sentry-Auth", "sentry_key=publickey,sentry_version=7")]
    [InlineData("Authorization", "sentry sentry_key=publickey")]
    public async Task Sentry_auth_header_syntax_is_read_as_Relay_reads_it(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new IngestAppFactory();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/1/cron/job/?status=ok");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await app.CreateClient().SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task One_request_line_each_at_debug_for_probes_sidecar_polls_and_accepted_check_ins_else_information()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        await using var factory = new IngestAppFactory(new Dictionary<string, string?> { ["Logging:LogLevel:CheckIns.Requests"] = "Debug" });
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = app.CreateClient().AsSidecar();

        await client.GetAsync("/healthz", ct);
        await client.GetAsync("/dapr/subscribe", ct);
        await client.PostAsync("/v1/checkins", HttpAssert.Json("""{"project_id":1,"monitor_slug":"job","status":"ok"}"""), ct);
        await client.PostAsync("/v1/checkins", HttpAssert.Json("""{"project_id":1}"""), ct);
        await client.GetAsync("/openapi/v1.json", ct);

        var lines = logs.Lines.Where(l => l.Category == "CheckIns.Requests").Select(l => (l.Level, l.Message[..l.Message.IndexOf(" in ", StringComparison.Ordinal)])).ToList();
        Assert.Equal(
            [
                (LogLevel.Debug, "GET /healthz answered 200"),
                (LogLevel.Debug, "GET /dapr/subscribe answered 404"),
                (LogLevel.Debug, "POST /v1/checkins answered 202"),
                (LogLevel.Information, "POST /v1/checkins answered 400"),
                (LogLevel.Information, "GET /openapi/v1.json answered 200"),
            ],
            lines);
        // ASP.NET Core's own two lines per request are turned down, so that each request is one line.
        Assert.DoesNotContain(logs.Lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level < LogLevel.Warning);
    }

    [Theory]
    [InlineData("Development", "simple")]
    [InlineData("Production", "json")]
    public async Task Console_logs_are_plain_with_scopes_in_development_and_json_elsewhere(string environment, string formatter)
    {
        await using var factory = new IngestAppFactory();
        await using var app = factory.WithWebHostBuilder(b => b.UseEnvironment(environment));
        _ = app.Server;

        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(formatter, options.FormatterName);
        ConsoleFormatterOptions formatterOptions = formatter == "simple"
            ? app.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue
            : app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(formatterOptions.IncludeScopes);
    }
}
