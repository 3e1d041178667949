using System.Globalization;
using System.Net;
using CheckIns.Dashboard.Tests.Support;
using CheckIns.EndToEnd.Tests.Support;
using CheckIns.Tests.Shared;

namespace CheckIns.Dashboard.Tests;

/// <summary>
/// Outside Development the dashboard is no back door: nothing without signing in, a sign-in only with a token the
/// processor accepts for that project, and then only that project.
/// </summary>
public sealed class SignInTests : IAsyncLifetime
{
    private DashboardSuite _dashboard = null!;
    private DashboardHttp _http = null!;

    public async ValueTask InitializeAsync()
    {
        _dashboard = await DashboardSuite.StartAsync(environment: "Production");
        _http = new DashboardHttp(_dashboard.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_cookie_a_page_sends_to_the_sign_in_form_and_a_fragment_or_an_action_is_refused()
    {
        using var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var fragment = await _http.GetAsync("/fragments/overview");
        Assert.Equal(HttpStatusCode.Unauthorized, fragment.StatusCode);

        using var monitor = await _http.GetAsync("/monitors/nightly-report");
        Assert.Equal(HttpStatusCode.Redirect, monitor.StatusCode);

        var form = await _http.TextAsync("/signin");
        Assert.Contains("name=\"project_id\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"token\"", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_the_processor_refuses_for_the_project_does_not_sign_in()
    {
        var form = await _http.TextAsync("/signin");
        using var refused = await SignInAsync(form, CheckInsSuite.ProjectId, TestTokens.OtherProjectToken);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/signin?reason=refused", refused.Headers.Location!.OriginalString);

        using var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("does not accept this token", await _http.TextAsync("/signin?reason=refused"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_without_the_form_s_antiforgery_token_is_refused()
    {
        using var response = await _http.PostFormAsync("/session", [new("project_id", "42"), new("token", TestTokens.Token)]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signed_in_with_a_project_s_token_the_cookie_is_secure_and_http_only_and_only_that_project_is_shown()
    {
        await _dashboard.Suite.CheckInAsync("own-job", "ok", CheckInJson.Hourly);
        // Project 43 under the same token: the dashboard must not show it to a user signed in to project 42.
        using var other = await _dashboard.Suite.ProcessorClient.PutAsync(
            new Uri("/v1/projects/43/monitors/other-project-job", UriKind.Relative),
            new StringContent("""{"config":{"schedule":"0 * * * *","schedule_type":"crontab"}}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await _dashboard.Suite.WaitForIdleAsync();

        var form = await _http.TextAsync("/signin");
        using var signedIn = await SignInAsync(form, CheckInsSuite.ProjectId, TestTokens.Token);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(_http.Cookies.SetCookieHeaders, h => h.StartsWith("checkins-dashboard=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestTokens.Token, cookie, StringComparison.Ordinal); // encrypted, not the token in clear

        using var page = await _http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Monitors of project 42", html, StringComparison.Ordinal);
        Assert.Contains("data-monitor=\"own-job\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("other-project-job", html, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SignInAsync(string formHtml, long projectId, string token) =>
        await _http.PostFormAsync("/session",
        [
            FormFields.AntiforgeryOf(formHtml),
            new("project_id", projectId.ToString(CultureInfo.InvariantCulture)),
            new("token", token),
        ]);
}
