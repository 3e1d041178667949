using CheckIns.Ingest.Apis;
using CheckIns.Ingest.Auth;
using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;
using CheckIns.Ingest.Publishing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckIns.Ingest.Extensions;

public static class IngestExtensions
{
    /// <summary>Where ingest's secret store is named (<c>Ingest:SecretStore:Name</c>); it may set projects, keys and auth tokens.</summary>
    public const string SecretStoreSection = IngestOptions.SectionName + ":SecretStore";

    /// <summary>Everything the ingest app needs besides the service defaults.</summary>
    public static IHostApplicationBuilder AddIngestServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.SectionName));

        // Projects and their auth tokens may also come from a Dapr secret store; the loader stays idle unless one is named.
        builder.AddProjectAuth(SecretStoreSection, IngestOptions.SectionName + ":Projects:");
        services.TryAddSingleton(TimeProvider.System);
        services.AddDaprClient();
        services.AddSingleton<ProjectDirectory>();
        services.AddSingleton<CheckInParser>();
        services.AddSingleton<SentryAuthenticator>();
        services.AddSingleton<DaprAppToken>();
        services.AddSingleton<NativeAuthenticator>();
        services.AddHttpClient(ProcessorPingUuidLookup.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.TryAddSingleton<IPingUuidLookup, ProcessorPingUuidLookup>();
        services.TryAddSingleton(sp => SidecarBulkPublisher.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<ICheckInPublisher, DaprCheckInPublisher>();
        services.AddSingleton<ClockPulsePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ClockPulsePublisher>());
        // Stateless over singletons: one instance, so that no request pays for a scope to resolve it.
        services.AddSingleton<IngestHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngestApis(this IEndpointRouteBuilder app)
    {
        app.MapNativeCheckInsApi();
        app.MapEnvelopeApi();
        app.MapCronApi();
        app.MapPingApi();
        app.MapCronitorApi();
        app.MapLegacyCheckInsApi();
        app.MapHostedPingUuidApi();
        return app;
    }
}
