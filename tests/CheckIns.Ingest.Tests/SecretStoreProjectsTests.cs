using System.Net;
using CheckIns.Contracts;
using CheckIns.Ingest.Projects;
using CheckIns.Ingest.Tests.Infrastructure;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Tests;

/// <summary>
/// Projects read from a Dapr secret store: an emulated sidecar serving a <c>secretstores.local.file</c> component,
/// whose file the test writes, so the app reads the store in daprd's shape (every flattened key its own secret).
/// </summary>
public sealed class SecretStoreProjectsTests : IAsyncDisposable
{
    private const string Component = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: ingest-secrets
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: "ingest-secrets.json"
        """;

    private readonly string _resources = Path.Combine(Path.GetTempPath(), "checkins-ingest-tests", Guid.NewGuid().ToString("N"));

    private string SecretsFile => Path.Combine(_resources, "ingest-secrets.json");

    [Fact]
    public async Task Projects_from_a_Dapr_secret_store_apply_and_a_change_in_the_store_applies_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_resources);
        await File.WriteAllTextAsync(Path.Combine(_resources, "ingest-secrets.yaml"), Component, ct);
        await File.WriteAllTextAsync(SecretsFile, Secrets(keyDisabled: false), ct);
        await using var dapr = await DaprTestEnvironment.StartAsync(new DaprTestEnvironmentOptions { ResourcesPath = _resources }, ct);
        var sidecar = await dapr.StartSidecarAsync(AppIds.Ingest, ct);
        await using var app = new IngestAppFactory(new Dictionary<string, string?>
        {
            ["Ingest:SecretStore:Name"] = "ingest-secrets",
            ["Ingest:SecretStore:RefreshSeconds"] = "30",
        });
        var onSidecar = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(dapr.CreateDaprClient(AppIds.Ingest))));
        var client = onSidecar.CreateClient();

        var accepted = await PollAsync(client, HttpStatusCode.Accepted, onSidecar.Services, app, ct);
        await File.WriteAllTextAsync(SecretsFile, Secrets(keyDisabled: true), ct);
        // The local file store is read when the sidecar starts; this stands for the store's content changing.
        sidecar.SecretStores.Reload();
        var refused = await PollAsync(client, HttpStatusCode.Forbidden, onSidecar.Services, app, ct);

        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        // Until the store is read again the key still works: every check-in accepted carries the store's project.
        Assert.NotEmpty(app.Publisher.Published);
        Assert.All(app.Publisher.Published, m => Assert.Equal((70L, "7:job"), (m.OrganizationId!.Value, m.MonitorKey)));
        Assert.Null(onSidecar.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Unrelated:Password"]);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_resources, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Project 7 as nested JSON and one setting as a "__" key: the app reads both shapes of a flattened key.</summary>
    private static string Secrets(bool keyDisabled) => $$"""
        {
          "Ingest": {
            "Projects": {
              "7": {
                "OrganizationId": "70",
                "Keys": [ { "PublicKey": "storekey"{{(keyDisabled ? ", \"Enabled\": \"false\"" : string.Empty)}} } ]
              }
            }
          },
          "Unrelated__Password": "not configuration"
        }
        """;

    /// <summary>
    /// Sends the cron request until it gets the status. Between tries the clock passes the loader's next refresh and
    /// the test waits until ingest's options changed (the store's content applied), so it never waits for a delay.
    /// </summary>
    private static async Task<HttpStatusCode> PollAsync(HttpClient client, HttpStatusCode wanted, IServiceProvider services, IngestAppFactory app, CancellationToken ct)
    {
        // Built first, so its own listener has the new projects by the time this one hears of them.
        _ = services.GetRequiredService<ProjectDirectory>();
        var options = services.GetRequiredService<IOptionsMonitor<IngestOptions>>();
        var last = HttpStatusCode.OK;
        for (var refresh = 0; refresh < 5 && last != wanted; refresh++)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (options.OnChange(_ => changed.TrySetResult()))
            {
                last = (await client.GetAsync("/api/7/cron/job/storekey/?status=ok", ct)).StatusCode;
                // The loader parks on the clock only after it applied a read: a step that came before that is taken again.
                for (var step = 0; last != wanted && step < 30 && !changed.Task.IsCompleted; step++)
                {
                    app.Time.Advance(TimeSpan.FromSeconds(30));
                    await Task.WhenAny(changed.Task, Task.Delay(TimeSpan.FromSeconds(1), ct));
                }
            }
        }

        return last;
    }
}
