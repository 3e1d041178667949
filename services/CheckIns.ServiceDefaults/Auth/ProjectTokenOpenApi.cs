using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CheckIns.ServiceDefaults.Auth;

/// <summary>Declares the <c>project_token</c> bearer scheme on the operations that <c>RequireProjectToken</c> guards.</summary>
public static class ProjectTokenOpenApi
{
    public const string SchemeName = "project_token";

    public static OpenApiOptions AddProjectTokenSecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<ProjectTokenRequirement>().Any())
            {
                return Task.CompletedTask;
            }

            var document = context.Document;
            if (document is not null)
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An auth token of the project in the path (ProjectAuth:Projects:{id}:Tokens); not the DSN's public key.",
                };
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
            return Task.CompletedTask;
        });
        return options;
    }
}
