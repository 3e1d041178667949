using System.Net;
using System.Text.Json;
using CheckIns.Tests.Shared;

namespace CheckIns.Incidents.Tests;

/// <summary>
/// <c>GET /v1/projects/{id}/incidents</c> is project-scoped: an auth token of the project is needed (Bearer), 401
/// without one, with an unknown one or with more than one value, 403 with another project's, and a refused request
/// shows none of the project's issues. The subscription, which the sidecar calls, needs no token.
/// </summary>
public sealed class IncidentsApiAuthTests : IAsyncLifetime
{
    private static readonly Uri Incidents = new($"/v1/projects/{Events.ProjectId}/incidents", UriKind.Relative);

    private readonly IncidentsAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_sidecars_delivery_needs_no_token_and_the_projects_token_reads_the_issue()
    {
        var delivered = await Bare().DeliverAsync(Events.Occurrence());

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Single(_app.Publisher.Published);
        Assert.Single(await IncidentsApiTests.ListAsync(Bare().WithProjectToken(), ""));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("guess", HttpStatusCode.Unauthorized)]
    [InlineData(TestTokens.OtherProjectToken, HttpStatusCode.Forbidden)]
    public async Task Without_the_projects_token_the_issues_stay_hidden(string? token, HttpStatusCode status)
    {
        await _app.CreateClient().DeliverAsync(Events.Occurrence());
        var client = token is null ? Bare() : Bare().WithProjectToken(token);

        using var response = await client.GetAsync(Incidents, Ct);

        await AssertRefusedAsync(response, status);
    }

    [Theory]
    [InlineData("Bearer processor-test-token", "Bearer project-99-token")]
    [InlineData("Bearer project-99-token", "Bearer processor-test-token")]
    [InlineData("Bearer processor-test-token, Bearer project-99-token", null)]
    [InlineData("DSN http://publickey@localhost:5101/42", null)]
    public async Task Repeated_folded_or_foreign_scheme_authorization_is_401(string first, string? second)
    {
        await _app.CreateClient().DeliverAsync(Events.Occurrence());
        using var request = new HttpRequestMessage(HttpMethod.Get, Incidents);
        request.Headers.TryAddWithoutValidation("Authorization", second is null ? [first] : [first, second]);

        using var response = await Bare().SendAsync(request, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>A client without the factory's default token.</summary>
    private HttpClient Bare()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        Assert.False(problem.TryGetProperty("fingerprint", out _));
        Assert.DoesNotContain(Events.Fingerprint, problem.GetRawText(), StringComparison.Ordinal);
    }
}
