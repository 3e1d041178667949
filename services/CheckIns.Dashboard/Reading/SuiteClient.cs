using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using Dapr;

namespace CheckIns.Dashboard.Reading;

/// <summary>
/// The processor's and the incidents app's APIs through the sidecar's service invocation (plain HTTP to
/// <c>/v1.0/invoke/{app}/method/…</c>, as ingest asks the processor), with the signed-in project's Bearer token, so
/// the dashboard runs unchanged on daprd, the emulator and compose and can do no more than that token allows.
/// </summary>
public sealed class SuiteClient(IHttpClientFactory httpClients, IConfiguration configuration)
{
    public const string HttpClientName = "dashboard-invoke";

    /// <summary>A slug no monitor can have (slugs are normalised to lower case), for the sign-in check.</summary>
    private const string NoSuchSlug = "--dashboard-sign-in--";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Every monitor's overview entry, which the processor reads from the project index in one actor call.</summary>
    public async Task<IReadOnlyList<MonitorSummary>> MonitorsAsync(ProjectSession session, CancellationToken ct) =>
        await GetAsync<List<MonitorSummary>>(session, AppIds.Processor, $"v1/projects/{P(session)}/monitors?view=summary", ct) ?? [];

    /// <summary>The monitor with its recent check-ins; null when the project has no such monitor.</summary>
    public Task<MonitorDetail?> MonitorAsync(ProjectSession session, string slug, CancellationToken ct) =>
        GetAsync<MonitorDetail>(session, AppIds.Processor, $"v1/projects/{P(session)}/monitors/{Uri.EscapeDataString(slug)}", ct);

    /// <summary>The project's own processing errors (check-ins for a monitor that does not exist), one actor call.</summary>
    public async Task<StreamClock> StreamClockAsync(ProjectSession session, CancellationToken ct) =>
        await GetAsync<StreamClock>(session, AppIds.Processor, $"v1/projects/{P(session)}/stream-clock", ct) ?? new StreamClock(false, null, null, 0);

    public async Task<IReadOnlyList<ProjectProcessingError>> ProcessingErrorsAsync(ProjectSession session, CancellationToken ct) =>
        await GetAsync<List<ProjectProcessingError>>(session, AppIds.Processor, $"v1/projects/{P(session)}/processing-errors?group=project", ct) ?? [];

    /// <summary>Incidents newest first (the first thousand), optionally of one status and one monitor.</summary>
    public async Task<IReadOnlyList<Incident>> IncidentsAsync(ProjectSession session, string? status, string? monitor, CancellationToken ct)
    {
        var query = new StringBuilder("?limit=1000");
        if (status is not null)
        {
            query.Append("&status=").Append(Uri.EscapeDataString(status));
        }

        if (monitor is not null)
        {
            query.Append("&monitor=").Append(Uri.EscapeDataString(monitor));
        }

        return await GetAsync<List<Incident>>(session, AppIds.Incidents, $"v1/projects/{P(session)}/incidents{query}", ct) ?? [];
    }

    /// <summary>PUT a change to the monitor (<c>is_muted</c>, <c>status</c>); false when it is gone.</summary>
    public Task<bool> PutMonitorAsync(ProjectSession session, string slug, object change, CancellationToken ct) =>
        PutAsync(session, $"v1/projects/{P(session)}/monitors/{Uri.EscapeDataString(slug)}", change, ct);

    public Task<bool> PutEnvironmentAsync(ProjectSession session, string slug, string environment, object change, CancellationToken ct) =>
        PutAsync(session, $"v1/projects/{P(session)}/monitors/{Uri.EscapeDataString(slug)}/environments/{Uri.EscapeDataString(environment)}", change, ct);

    /// <summary>
    /// Whether the token opens the project: the processor checks the token before it looks for the monitor, so a
    /// 404 for a slug no monitor has says yes without reading any monitor.
    /// </summary>
    public async Task<bool> AcceptsAsync(ProjectSession session, CancellationToken ct)
    {
        using var response = await SendAsync(session, AppIds.Processor, HttpMethod.Get, $"v1/projects/{P(session)}/monitors/{NoSuchSlug}", null, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.NotFound => true,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => false,
            _ => throw Unavailable(AppIds.Processor, response),
        };
    }

    private async Task<T?> GetAsync<T>(ProjectSession session, string appId, string path, CancellationToken ct)
        where T : class
    {
        using var response = await SendAsync(session, appId, HttpMethod.Get, path, null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Unavailable(appId, response);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        catch (JsonException e)
        {
            throw new AppUnavailableException(appId, $"{appId} answered JSON the dashboard cannot read.", e);
        }
    }

    private async Task<bool> PutAsync(ProjectSession session, string path, object change, CancellationToken ct)
    {
        using var body = JsonContent.Create(change, options: Json);
        using var response = await SendAsync(session, AppIds.Processor, HttpMethod.Put, path, body, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode ? true : throw Unavailable(AppIds.Processor, response);
    }

    private async Task<HttpResponseMessage> SendAsync(ProjectSession session, string appId, HttpMethod method, string path, HttpContent? body, CancellationToken ct)
    {
        var sidecar = new Uri(DaprDefaults.GetDefaultHttpEndpoint(configuration));
        using var request = new HttpRequestMessage(method, new Uri(sidecar, $"/v1.0/invoke/{appId}/method/{path}")) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        if (DaprDefaults.GetDefaultDaprApiToken(configuration) is { Length: > 0 } apiToken)
        {
            request.Headers.Add("dapr-api-token", apiToken);
        }

        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            return await client.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new AppUnavailableException(appId, $"{appId} does not answer.", e);
        }
    }

    private static AppUnavailableException Unavailable(string appId, HttpResponseMessage response) =>
        new(appId, string.Create(CultureInfo.InvariantCulture, $"{appId} answered {(int)response.StatusCode}."), null);

    private static string P(ProjectSession session) => session.ProjectId.ToString(CultureInfo.InvariantCulture);
}
