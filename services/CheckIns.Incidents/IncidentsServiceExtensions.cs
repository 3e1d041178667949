using System.Text.Json;
using CheckIns.Incidents.Api;
using CheckIns.Incidents.Dapr;
using CheckIns.Incidents.Handling;
using CheckIns.Incidents.Issues;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Incidents;

public static class IncidentsServiceExtensions
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDaprClient();
        builder.Services.TryAddSingleton<IIncidentsStateStore, DaprIncidentsStateStore>();
        builder.Services.TryAddSingleton<IOccurrencePublisher, DaprOccurrencePublisher>();
        builder.Services.AddSingleton<IssueRepository>();
        builder.Services.AddSingleton<MonitorStatusConsumer>();

        // The HTTP API speaks snake_case, like the messages and like Sentry's API.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, IncidentsJsonContext.Default);
        });

        return builder;
    }

    public static WebApplication MapIncidents(this WebApplication app)
    {
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapMonitorStatusSubscription();
        app.MapIncidentsApi();
        return app;
    }
}
