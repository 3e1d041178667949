using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CheckIns.ServiceDefaults;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Incidents.Tests;

/// <summary>The shared service defaults, seen through the incidents app.</summary>
public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Liveness_does_not_depend_on_the_sidecar_but_readiness_does()
    {
        await using var app = new IncidentsAppFactory();
        var client = app.CreateClient();

        var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Serves_the_openapi_document_in_snake_case_and_the_scalar_ui()
    {
        await using var app = new IncidentsAppFactory();
        var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        var scalar = await client.GetAsync(new Uri("/scalar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/projects/{projectId}/incidents", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/healthz", out _));
        var view = document.GetProperty("components").GetProperty("schemas").GetProperty("IncidentView").GetProperty("properties");
        Assert.True(view.TryGetProperty("occurrence_count", out _));
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Time_comes_from_a_replaceable_time_provider()
    {
        // Every reading of this clock moves it an hour on, so a request timed by it lasts whole hours, which the
        // system clock never gives for a request served in memory.
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromHours(1) };
        var logs = new RequestLogLines();
        await using var factory = new IncidentsAppFactory();
        await using var app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting($"Logging:LogLevel:{RequestLogMiddleware.Category}", "Information");
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<ILoggerProvider>(logs);
            });
        });

        await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        var elapsed = Assert.Single(logs.ElapsedMilliseconds);
        Assert.True(elapsed > 0 && elapsed % (long)TimeSpan.FromHours(1).TotalMilliseconds == 0, $"the request took {elapsed} ms");
    }

    /// <summary>The elapsed times of the request lines, as the request log writes them.</summary>
    private sealed class RequestLogLines : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<long> _elapsed = new();

        public IReadOnlyList<long> ElapsedMilliseconds => [.. _elapsed];

        public ILogger CreateLogger(string categoryName) => categoryName == RequestLogMiddleware.Category ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.FirstOrDefault(f => f.Key == "ElapsedMs").Value is long elapsed)
            {
                _elapsed.Enqueue(elapsed);
            }
        }

        public void Dispose()
        {
        }
    }
}
