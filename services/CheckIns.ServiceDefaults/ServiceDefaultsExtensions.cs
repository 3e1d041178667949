using CheckIns.ServiceDefaults;
using CheckIns.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

// The namespace of IHostApplicationBuilder, so that every app's Program.cs finds these without a using.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every app of the suite shares: health checks, OpenTelemetry, console logs (plain in Development, JSON
/// elsewhere) with one line per request, problem details,
/// the OpenAPI document and its browsable UI, and <see cref="TimeProvider"/>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string OpenApiPath = "/openapi/v1.json";
    public const string ApiReferencePath = "/scalar";

    /// <summary>The OTLP exporter is switched on only when this setting (the OpenTelemetry standard variable) is present.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Every decision that depends on time reads TimeProvider; tests replace it before or after this call.
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.ConfigureStructuredLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddProblemDetails();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ProblemDetailsStartupFilter>());
        builder.Services.AddOpenApi(options =>
        {
            options.AddProjectTokenSecurity();
            options.AddOperationTransformer(OpenApiExamples.ApplyAsync);
        });

        return builder;
    }

    /// <summary>
    /// Maps <c>/healthz</c> (liveness: checks tagged <see cref="HealthTags.Live"/>), <c>/readyz</c> (readiness:
    /// every check), <c>/openapi/v1.json</c> and the API reference UI at <c>/scalar</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Live) })
            .ExcludeFromDescription();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = _ => true })
            .ExcludeFromDescription();

        app.MapOpenApi();
        app.MapScalarApiReference(ApiReferencePath);

        return app;
    }

    private static void ConfigureStructuredLogging(this IHostApplicationBuilder builder)
    {
        // One format per environment: plain lines with their scopes for a person at a terminal in Development, one
        // JSON object per line (message template, properties, scopes) for log collectors everywhere else. The
        // "Logging:Console:FormatterName" setting still wins.
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            if (builder.Environment.IsDevelopment())
            {
                builder.Logging.AddSimpleConsole(options =>
                {
                    options.IncludeScopes = true;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "HH:mm:ss.fff ";
                });
            }
            else
            {
                builder.Logging.AddJsonConsole(options =>
                {
                    options.IncludeScopes = true;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                });
            }
        }

        // ASP.NET Core writes two Information lines per request (and the sidecar polls /dapr/* all the time); the
        // request log of RequestLogMiddleware replaces them with one line at a level that suits the route.
        if (string.IsNullOrEmpty(builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]))
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        if (HasOtlpEndpoint(builder))
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
        }
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        // Without an exporter, spans and metrics would be recorded on every request for nobody (a measurable share of
        // ingest's cost, bench/README.md), so the SDK is only wired when it has somewhere to send them.
        if (!HasOtlpEndpoint(builder))
        {
            return;
        }

        var serviceName = builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(serviceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                // DaprClient speaks gRPC over HttpClient, so its publishes and state calls appear as spans too.
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }

    private static bool HasOtlpEndpoint(IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);

    private static void AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(DaprSidecarHealthCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live])
            .AddCheck<DaprSidecarHealthCheck>(DaprSidecarHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready]);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(LivenessPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ReadinessPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Puts the request log, the exception handler and status-code pages first in the pipeline, whatever the app adds: an unhandled
    /// exception becomes a 500 problem details body (so Dapr retries the delivery), and an empty 4xx such as a
    /// binding failure gets a problem details body that says what was wrong.
    /// </summary>
    private sealed class ProblemDetailsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Outermost, so that the line carries the status the client got, a handled exception's 500 included.
            app.UseMiddleware<RequestLogMiddleware>();
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            next(app);
        };
    }
}
