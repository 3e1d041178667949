using Microsoft.Extensions.Logging;

namespace DaprEmulator.Testing;

public sealed class DaprTestEnvironmentOptions
{
    /// <summary>The resources folder every sidecar loads (components, subscriptions, resiliency).</summary>
    public string? ResourcesPath { get; init; }

    /// <summary>More folders, loaded after <see cref="ResourcesPath"/>.</summary>
    public IReadOnlyList<string> ResourcesPaths { get; init; } = [];

    /// <summary>A configuration file (daprd's <c>--config</c>) per app id, e.g. the processor's workflow retention; apps not named have none.</summary>
    public IReadOnlyDictionary<string, string> ConfigFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>The configuration files a run file (<c>dapr.yaml</c>) gives its apps, as the runner reads them, for <see cref="ConfigFiles"/>.</summary>
    public static IReadOnlyDictionary<string, string> ConfigFilesOf(string runFile) =>
        DaprEmulator.Runner.RunFile.Load(runFile)
            .Where(app => app.ConfigFilePath is not null)
            .ToDictionary(app => app.AppId, app => app.ConfigFilePath!, StringComparer.Ordinal);

    /// <summary>The clock shared by the emulator and every app (replaces <see cref="TimeProvider"/> in the apps' DI).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the emulator logs; nothing by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    public int PartitionsPerTopic { get; init; } = 8;

    /// <summary>A data folder to keep the emulator's data in, as the local run does; null (the default) keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Redelivery back-off when no resiliency policy applies.</summary>
    public TimeSpan DefaultRedeliveryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long <see cref="DaprTestEnvironment.WaitForIdleAsync"/> waits before it fails.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When true (the default), <see cref="DaprTestEnvironment.WaitForIdleAsync"/> closes partial bulk batches
    /// instead of waiting for their maxAwaitDurationMs on the clock, so a test with a fake clock does not stall.
    /// </summary>
    public bool FlushBulkBatchesWhenIdle { get; init; } = true;
}
