using DaprEmulator.Core;

namespace DaprEmulator.Testing;

/// <summary>An app under test with its sidecar. It can be stopped and started again; the sidecar stays.</summary>
public sealed class DaprTestApp : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<IRunningApp>> _start;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IRunningApp? _running;

    internal DaprTestApp(string appId, DaprSidecar sidecar, int port, Func<CancellationToken, Task<IRunningApp>> start)
    {
        AppId = appId;
        Sidecar = sidecar;
        Port = port;
        _start = start;
    }

    public string AppId { get; }

    public DaprSidecar Sidecar { get; }

    /// <summary>The app's own port (APP_PORT); it keeps it across restarts.</summary>
    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _running is not null;

    /// <summary>The running app's services (its DI container); throws while the app is stopped.</summary>
    public IServiceProvider Services => (_running ?? throw new InvalidOperationException($"app {AppId} is stopped")).Services;

    /// <summary>An HttpClient for the app's own port, as an outside client would call it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    internal async Task StartAsync(CancellationToken ct)
    {
        await _lifecycle.WaitAsync(ct);
        try
        {
            if (_running is not null)
            {
                return;
            }

            var running = await _start(ct);
            try
            {
                await Sidecar.AttachAppAsync(running.Address, ct);
            }
            catch
            {
                await running.DisposeAsync();
                throw;
            }

            _running = running;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the app: its sidecar stops delivering to it and its actors are deactivated (timers are lost, reminders are kept).</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_running is null)
            {
                return;
            }

            Sidecar.DetachApp();
            await _running.DisposeAsync();
            _running = null;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the app for good (the environment's end).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lifecycle.Dispose();
    }

    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync();
        await StartAsync(ct);
    }
}
