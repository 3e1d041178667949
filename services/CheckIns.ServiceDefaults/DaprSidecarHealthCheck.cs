using Dapr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheckIns.ServiceDefaults;

/// <summary>
/// Readiness of the Dapr sidecar, asked at <c>GET /v1.0/healthz/outbound</c>: the sidecar answers it once its
/// components are loaded, without waiting for the app. It runs only when <c>/readyz</c> is asked, so a sidecar that
/// starts after the app never delays the app's own start (nothing here waits for the sidecar).
/// </summary>
public sealed class DaprSidecarHealthCheck(IHttpClientFactory httpClientFactory, IConfiguration configuration) : IHealthCheck
{
    public const string Name = "dapr-sidecar";
    public const string HttpClientName = "dapr-sidecar-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = new Uri(new Uri(DaprDefaults.GetDefaultHttpEndpoint(configuration)), "/v1.0/healthz/outbound");
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        var token = DaprDefaults.GetDefaultDaprApiToken(configuration);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Add("dapr-api-token", token);
        }

        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"Dapr sidecar at {endpoint.Authority} is ready.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"Dapr sidecar at {endpoint.Authority} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Dapr sidecar at {endpoint.Authority} is not reachable.", ex);
        }
    }
}
