using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CheckIns.ServiceDefaults;

/// <summary>A query parameter that an endpoint reads from the request itself, so that the document still names it.</summary>
public sealed record OpenApiQueryParameter(string Name, string Description, string? Example, bool Required);

/// <summary>An example request body of one content type (JSON is written as JSON, anything else as a string).</summary>
public sealed record OpenApiRequestExample(string ContentType, string Example);

/// <summary>An example answer: its status, content type, example body and what it means.</summary>
public sealed record OpenApiResponseExample(int StatusCode, string ContentType, string Example, string Description);

/// <summary>
/// Examples and parameters for the OpenAPI document of endpoints that read their requests by hand (bodies of any
/// content type, query strings of clients that are not ours), so that the Scalar page explains how to call them.
/// </summary>
public static class OpenApiExamples
{
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description, string? example = null, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiQueryParameter(name, description, example, required));

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string contentType, string example)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiRequestExample(contentType, example));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int statusCode, string contentType, string example, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiResponseExample(statusCode, contentType, example, description));

    /// <summary>The operation transformer that writes the metadata above into the document.</summary>
    internal static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var parameter in metadata.OfType<OpenApiQueryParameter>())
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Query))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Required = parameter.Required,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = parameter.Example is null ? null : JsonValue.Create(parameter.Example),
            });
        }

        foreach (var example in metadata.OfType<OpenApiRequestExample>())
        {
            var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody();
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            body.Content[example.ContentType] = WithExample(body.Content.TryGetValue(example.ContentType, out var existing) ? existing : null, example.ContentType, example.Example);
            operation.RequestBody = body;
        }

        foreach (var example in metadata.OfType<OpenApiResponseExample>())
        {
            operation.Responses ??= [];
            var key = example.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(key, out var found) && found is OpenApiResponse known
                ? known
                : new OpenApiResponse { Description = example.Description };
            response.Description = example.Description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[example.ContentType] = WithExample(
                response.Content.TryGetValue(example.ContentType, out var existing) ? existing : null, example.ContentType, example.Example);
            operation.Responses[key] = response;
        }

        return Task.CompletedTask;
    }

    private static OpenApiMediaType WithExample(OpenApiMediaType? existing, string contentType, string example)
    {
        var media = existing ?? new OpenApiMediaType();
        media.Example = contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(example) : JsonValue.Create(example);
        return media;
    }
}
