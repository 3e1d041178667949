extern alias dashboard;

using System.Globalization;
using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;
using CheckIns.Tests.Shared;
using DaprEmulator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CheckIns.Dashboard.Tests.Support;

/// <summary>
/// The end-to-end suite (ingest, processor, incidents on the emulator, one FakeTimeProvider) plus the dashboard on
/// its own emulated sidecar, on a real loopback port a browser can open.
/// </summary>
public sealed class DashboardSuite : IAsyncDisposable
{
    private DashboardSuite(CheckInsSuite suite, DaprTestApp dashboardApp)
    {
        Suite = suite;
        Dashboard = dashboardApp;
    }

    public CheckInsSuite Suite { get; }

    public DaprTestApp Dashboard { get; }

    public Uri BaseAddress => Dashboard.BaseAddress;

    /// <param name="environment">Development signs in by itself as the suite's project; any other asks for a sign-in.</param>
    /// <param name="settings">Extra Dashboard settings (e.g. a small page size).</param>
    public static async Task<DashboardSuite> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var suite = await CheckInsSuite.StartAsync(ct: ct);
        try
        {
            var app = await suite.Env.StartAppAsync<dashboard::Program>(
                AppIds.Dashboard,
                configureWebHost: web =>
                {
                    web.UseEnvironment(environment);
                    web.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        // The development credential, as appsettings.Development.json has it for project 1.
                        ["Dashboard:DevelopmentSignIn:ProjectId"] = CheckInsSuite.ProjectId.ToString(CultureInfo.InvariantCulture),
                        ["Dashboard:DevelopmentSignIn:Token"] = TestTokens.Token,
                        ["Dashboard:RefreshSeconds"] = "1",
                    }));
                    if (settings is not null)
                    {
                        web.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
                    }
                },
                ct: ct);
            return new DashboardSuite(suite, app);
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Suite.DisposeAsync();
}
