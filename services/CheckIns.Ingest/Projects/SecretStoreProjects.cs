using Dapr.Client;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Projects;

/// <summary>Where projects may also come from: a Dapr secret store, polled (section "Ingest:SecretStore").</summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "Ingest:SecretStore";

    /// <summary>The secret store component; empty switches the source off.</summary>
    public string? Name { get; set; }

    public int RefreshSeconds { get; set; } = 60;
}

/// <summary>A configuration source whose data the <see cref="SecretStoreProjectsLoader"/> replaces.</summary>
public sealed class SecretStoreConfigurationSource : IConfigurationSource
{
    public SecretStoreConfigurationProvider Provider { get; } = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}

public sealed class SecretStoreConfigurationProvider : ConfigurationProvider
{
    /// <summary>Replaces all keys; raises a reload only when something changed, so IOptionsMonitor sees it.</summary>
    public void Replace(IReadOnlyDictionary<string, string?> data)
    {
        var changed = data.Count != Data.Count
            || data.Any(pair => !Data.TryGetValue(pair.Key, out var value) || value != pair.Value);
        if (!changed)
        {
            return;
        }

        Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}

/// <summary>
/// Reads project settings from a Dapr secret store (bulk read) at start and every
/// <see cref="SecretStoreOptions.RefreshSeconds"/>. A secret key names a setting with "__" or ":"
/// between levels, e.g. <c>Ingest__Projects__1__Keys__0__PublicKey</c>; only <c>Ingest:Projects:*</c>
/// keys are taken, so no other secret leaks into configuration. When the store cannot be read, the
/// last projects read stay in force.
/// </summary>
public sealed partial class SecretStoreProjectsLoader(
    DaprClient dapr,
    SecretStoreConfigurationProvider provider,
    IOptionsMonitor<SecretStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<SecretStoreProjectsLoader> logger) : BackgroundService
{
    private const string Prefix = "Ingest:Projects:";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = options.CurrentValue;
            if (!string.IsNullOrWhiteSpace(current.Name))
            {
                await LoadAsync(current.Name, stoppingToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, current.RefreshSeconds)), timeProvider, stoppingToken);
        }
    }

    private async Task LoadAsync(string store, CancellationToken cancellationToken)
    {
        try
        {
            var secrets = await dapr.GetBulkSecretAsync(store, cancellationToken: cancellationToken);
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var values in secrets.Values)
            {
                foreach (var (key, value) in values)
                {
                    var path = key.Replace("__", ":", StringComparison.Ordinal);
                    if (path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        data[path] = value;
                    }
                }
            }

            provider.Replace(data);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogLoadFailed(logger, e, store);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading projects from secret store {Store} failed; the last projects read stay in force")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string store);
}
