using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckIns.ServiceDefaults.Auth;

/// <summary>Where credentials may also come from: a Dapr secret store, polled.</summary>
public sealed class SecretStoreOptions
{
    /// <summary>The secret store component; empty switches the source off.</summary>
    public string? Name { get; set; }

    public int RefreshSeconds { get; set; } = 60;
}

/// <summary>A configuration source whose data the <see cref="SecretStoreLoader"/> replaces.</summary>
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
        ArgumentNullException.ThrowIfNull(data);
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

/// <summary>The configuration prefixes a secret store may set (e.g. <c>ProjectAuth:Projects:</c>); nothing else is taken.</summary>
public sealed record SecretStorePrefixes(IReadOnlyList<string> Prefixes);

/// <summary>
/// Reads settings from a Dapr secret store (bulk read) at start and every
/// <see cref="SecretStoreOptions.RefreshSeconds"/>. A secret key names a setting with "__" or ":" between
/// levels, e.g. <c>ProjectAuth__Projects__1__Tokens__0</c>; only keys under the app's
/// <see cref="SecretStorePrefixes"/> are taken, so no other secret leaks into configuration. When the store
/// cannot be read, the settings last read stay in force.
/// </summary>
public sealed partial class SecretStoreLoader(
    DaprClient dapr,
    SecretStoreConfigurationProvider provider,
    SecretStorePrefixes prefixes,
    IOptionsMonitor<SecretStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<SecretStoreLoader> logger) : BackgroundService
{
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
                    if (prefixes.Prefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading secret store {Store} failed; the settings last read stay in force")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string store);
}
