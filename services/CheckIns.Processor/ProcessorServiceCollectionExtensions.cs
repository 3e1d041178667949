using System.Text.Json;
using CheckIns.Domain;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Organizations;
using CheckIns.Processor.Outbox;
using CheckIns.Processor.Subscriptions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Processor;

public static class ProcessorServiceCollectionExtensions
{
    /// <summary>Everything the processor needs besides the service defaults: Dapr client, actors, engine, outbox, API JSON.</summary>
    public static IHostApplicationBuilder AddProcessor(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ProcessorOptions>().Bind(builder.Configuration.GetSection(ProcessorOptions.Section));

        services.AddDaprClient();
        services.AddActors(options =>
        {
            options.Actors.RegisterActor<MonitorActor>();
            options.Actors.RegisterActor<ProjectMonitorsActor>();
            options.Actors.RegisterActor<OrganizationMonitorsActor>();
        });

        // Rules-engine limits (rate limit, bounds, kill switch) from "Processor:Engine"; SEMANTICS R8 defaults otherwise.
        services.TryAddSingleton(builder.Configuration.GetSection(ProcessorOptions.EngineSection).Get<EngineOptions>() ?? EngineOptions.Default);
        services.TryAddSingleton<IQuotaPolicy>(AcceptAllQuotaPolicy.Instance);
        services.TryAddSingleton(sp => new MonitorEngine(sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<IQuotaPolicy>()));

        // R14: the organisation's monitor limit, counted in one actor per organisation (Processor:Organizations:{id}:MonitorLimit).
        services.AddOptions<OrganizationLimitOptions>().Bind(builder.Configuration.GetSection(ProcessorOptions.Section));
        services.TryAddSingleton<IOrganizationSeats, ActorOrganizationSeats>();
        services.TryAddSingleton<OrganizationMonitorLimit>();

        services.TryAddSingleton<IStatusEventPublisher, DaprStatusEventPublisher>();
        services.TryAddSingleton<MonitorActorClient>();
        services.TryAddSingleton<IMonitorTurns>(sp => sp.GetRequiredService<MonitorActorClient>());
        services.TryAddSingleton<IMonitorActors>(sp => sp.GetRequiredService<MonitorActorClient>());
        services.TryAddSingleton<IProjectIndex, ActorProjectIndex>();
        services.TryAddSingleton<CheckInBatchProcessor>();

        // The API speaks snake_case like Sentry's; Dapr's own endpoints write their JSON themselves.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
        });

        return builder;
    }
}
