using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;

namespace CheckIns.Tests.Shared;

/// <summary>
/// Project auth tokens of the apps under test (ProjectAuth), one way for every test project that links this file:
/// <see cref="Token"/> grants the projects the tests use, <see cref="OtherProjectToken"/> only a project no test
/// writes to.
/// </summary>
public static class TestTokens
{
    public const string Token = "processor-test-token";
    public const string OtherProjectToken = "project-99-token";
    public const long OtherProject = 99;

    /// <summary>
    /// The list slot the test tokens take: past the ones an app's own configuration lists, so that a Development run
    /// keeps its documented token (dev-project-1-token) next to the test token.
    /// </summary>
    private const int Slot = 9;

    /// <summary>The projects <see cref="Token"/> grants.</summary>
    public static readonly IReadOnlyList<long> Projects = [.. Enumerable.Range(1, 50).Select(i => (long)i)];

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. Projects.Select(p => new KeyValuePair<string, string?>(
            string.Create(CultureInfo.InvariantCulture, $"ProjectAuth:Projects:{p}:Tokens:{Slot}"), Token)),
        new(string.Create(CultureInfo.InvariantCulture, $"ProjectAuth:Projects:{OtherProject}:Tokens:{Slot}"), OtherProjectToken),
    ];

    public static void Configure(IWebHostBuilder web)
    {
        ArgumentNullException.ThrowIfNull(web);
        foreach (var (key, value) in Settings)
        {
            web.UseSetting(key, value);
        }
    }

    public static HttpClient WithProjectToken(this HttpClient client, string token = Token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
