using System.Text.Json;
using CheckIns.Domain;
using CheckIns.Domain.Quota;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Apis;
using CheckIns.Processor.Clock;
using CheckIns.Processor.Organizations;
using CheckIns.Processor.ProcessingErrors;
using CheckIns.Processor.StatusEvents;
using CheckIns.Processor.Subscriptions;
using CheckIns.Processor.Workflows;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Processor;

public static class ProcessorServiceCollectionExtensions
{
    /// <summary>Everything the processor needs besides the service defaults: Dapr client, actors, workflows, engine, API JSON.</summary>
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
            options.Actors.RegisterActor<ProjectErrorsActor>();
            options.Actors.RegisterActor<PingUuidActor>();
            options.Actors.RegisterActor<StreamClockActor>();
        });

        // Rules-engine limits (rate limit, bounds, kill switch) from "Processor:Engine"; SEMANTICS R8 defaults otherwise.
        services.TryAddSingleton(builder.Configuration.GetSection(ProcessorOptions.EngineSection).Get<EngineOptions>() ?? EngineOptions.Default);
        services.TryAddSingleton<IQuotaPolicy>(AcceptAllQuotaPolicy.Instance);
        services.TryAddSingleton(sp => new MonitorEngine(sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<IQuotaPolicy>()));

        // Each check-in runs as a workflow (Workflows/); the worker talks to the sidecar's gRPC port. The SDK's source
        // generator registers every workflow and activity of this assembly under its simple type name, the names
        // WorkflowNames holds; registering them here as well only makes the SDK warn of each one at start-up.
        services.AddDaprWorkflow(_ => { });
        services.TryAddSingleton<CheckInSignals>();
        services.TryAddSingleton<ICheckInRunner, WorkflowCheckInRunner>();
        services.TryAddSingleton<ITickScheduler, WorkflowTickScheduler>();
        services.TryAddSingleton<ICheckInWorkflowReader, DaprCheckInWorkflowReader>();
        // R14: the organisation's monitor limit, counted in one actor per organisation (Processor:Organizations:{id}:MonitorLimit).
        services.AddOptions<OrganizationLimitOptions>().Bind(builder.Configuration.GetSection(ProcessorOptions.Section));
        services.TryAddSingleton<IOrganizationSeats, ActorOrganizationSeats>();
        services.TryAddSingleton<OrganizationMonitorLimit>();

        services.TryAddSingleton<IStatusEventPublisher, DaprStatusEventPublisher>();
        services.TryAddSingleton<MonitorActorClient>();
        services.TryAddSingleton<IMonitorOperations>(sp => sp.GetRequiredService<MonitorActorClient>());
        services.TryAddSingleton<IMonitorActors>(sp => sp.GetRequiredService<MonitorActorClient>());
        services.TryAddSingleton<IProjectIndex, ActorProjectIndex>();
        services.TryAddSingleton<IProjectErrors, ActorProjectErrors>();
        services.TryAddSingleton<IPingUuidIndex, ActorPingUuidIndex>();
        services.TryAddSingleton<CheckInBatchProcessor>();
        services.AddOptions<StreamClockOptions>().Bind(builder.Configuration.GetSection(StreamClockOptions.Section));
        services.TryAddSingleton<IStreamClock, ActorStreamClock>();

        // The API speaks snake_case like Sentry's; Dapr's own endpoints write their JSON themselves.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
        });

        return builder;
    }
}
