using Microsoft.Playwright;

namespace CheckIns.Dashboard.Tests.Support;

/// <summary>
/// One headless Chromium per test class: Debian's <c>chromium</c> (or the one <c>CHROMIUM_PATH</c> names), driven by
/// Playwright; no browser download.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
