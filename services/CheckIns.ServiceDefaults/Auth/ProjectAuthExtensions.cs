using CheckIns.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// The namespace of IHostApplicationBuilder, so that every app's Program.cs finds these without a using.
namespace Microsoft.Extensions.Hosting;

/// <summary>Project credentials every app shares: the auth tokens, their secret store, and the route guard.</summary>
public static class ProjectAuthExtensions
{
    public const string DefaultSecretStoreSection = ProjectAuthOptions.SectionName + ":SecretStore";

    /// <summary>
    /// Binds <c>ProjectAuth</c> (reloadable) and, when <c>{secretStoreSection}:Name</c> names a Dapr secret store,
    /// polls it for <c>ProjectAuth:Projects:*</c> and the <paramref name="extraPrefixes"/> (the store wins over
    /// files and the environment for the same key).
    /// </summary>
    public static IHostApplicationBuilder AddProjectAuth(
        this IHostApplicationBuilder builder, string secretStoreSection = DefaultSecretStoreSection, params string[] extraPrefixes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ProjectAuthOptions>().Bind(builder.Configuration.GetSection(ProjectAuthOptions.SectionName));
        services.AddOptions<SecretStoreOptions>().Bind(builder.Configuration.GetSection(secretStoreSection));
        services.TryAddSingleton<ProjectTokens>();

        // Added last, so the store wins; the loader stays idle unless a store is named.
        var secretStore = new SecretStoreConfigurationSource();
        builder.Configuration.Add(secretStore);
        services.AddSingleton(secretStore.Provider);
        services.AddSingleton(new SecretStorePrefixes([ProjectAuthOptions.SectionName + ":Projects:", .. extraPrefixes]));
        services.AddHostedService<SecretStoreLoader>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDaprClient();
        return builder;
    }

    /// <summary>
    /// Every route of the group needs an auth token of the project named by <paramref name="projectIdParameter"/>
    /// (<c>Authorization: Bearer &lt;token&gt;</c>): 401 without one, 403 for another project's.
    /// </summary>
    public static RouteGroupBuilder RequireProjectToken(this RouteGroupBuilder group, string projectIdParameter)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(new ProjectTokenFilter(projectIdParameter))
            .WithMetadata(new ProjectTokenRequirement())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }
}
