using CheckIns.Ingest.Publishing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheckIns.Ingest.Tests.Infrastructure;

/// <summary>
/// The ingest app in memory, with the projects of <see cref="TestProjects"/>, a fake clock and a
/// recording publisher in place of the Dapr sidecar.
/// </summary>
public sealed class IngestAppFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 21, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    public IngestAppFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(TestProjects.Settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public RecordingPublisher Publisher { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    /// <summary>A client that calls as the Dapr sidecar does under service invocation: with the app token.</summary>
    public HttpClient CreateInvocationClient() => CreateClient().AsSidecar();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ICheckInPublisher>(Publisher);
        });
    }
}

/// <summary>The projects every test app knows.</summary>
public static class TestProjects
{
    public const string Key = "publickey";
    public const string DisabledKey = "disabledkey";
    public const string OtherProjectKey = "otherprojectkey";
    public const string DisabledProjectKey = "disabledprojectkey";
    public const long ProjectId = 1;
    public const long OrganizationId = 10;

    /// <summary>The app token (<c>APP_API_TOKEN</c>) daprd would send as <c>dapr-api-token</c>.</summary>
    public const string AppToken = "test-app-token";

    /// <summary>Project 1's auth token (<c>ProjectAuth</c>), the secret that is not its public key.</summary>
    public const string AuthToken = "project-1-auth-token";

    public const string OtherProjectAuthToken = "project-2-auth-token";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        // The route tests count what is published: no clock pulses unless a test asks for them.
        ["Ingest:ClockPulseIntervalSeconds"] = "0",
        ["Ingest:Projects:1:OrganizationId"] = "10",
        ["Ingest:Projects:1:Keys:0:PublicKey"] = Key,
        ["Ingest:Projects:1:Keys:1:PublicKey"] = DisabledKey,
        ["Ingest:Projects:1:Keys:1:Enabled"] = "false",
        ["Ingest:Projects:2:OrganizationId"] = "20",
        ["Ingest:Projects:2:Keys:0:PublicKey"] = OtherProjectKey,
        ["Ingest:Projects:3:Enabled"] = "false",
        ["Ingest:Projects:3:Keys:0:PublicKey"] = DisabledProjectKey,
        ["APP_API_TOKEN"] = AppToken,
        ["ProjectAuth:Projects:1:Tokens:0"] = AuthToken,
        ["ProjectAuth:Projects:2:Tokens:0"] = OtherProjectAuthToken,
    };
}

/// <summary>Credentials on test requests, one way for every test.</summary>
public static class TestCredentials
{
    /// <summary>The header daprd adds to the calls it makes to the app (service invocation) when an app token is set.</summary>
    public static string AppTokenHeaderLine => $"dapr-api-token: {TestProjects.AppToken}";

    public static HttpClient AsSidecar(this HttpClient client)
    {
        client.DefaultRequestHeaders.Add("dapr-api-token", TestProjects.AppToken);
        return client;
    }

    public static string Dsn(string key = TestProjects.Key, long projectId = TestProjects.ProjectId) =>
        $"http://{key}@ingest.example/{projectId}";
}
