using Microsoft.Extensions.Logging;

namespace DaprEmulator.Core;

/// <summary>
/// Counts the asynchronous work in flight (deliveries, actor turns, reminders, timers) so that a test
/// can wait until the emulator is idle instead of sleeping.
/// </summary>
public sealed class WorkTracker(ILogger logger)
{
    private int _inFlight;
    private long _started;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Grows every time work starts: two equal readings around an idle check mean nothing slipped in.</summary>
    public long Started => Interlocked.Read(ref _started);

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
        return new Token(this);
    }

    /// <summary>Runs work in the background, counted until it ends; a failure is logged, never lost silently.</summary>
    public void Run(string what, Func<Task> work)
    {
        var token = Begin();
        _ = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Background work {What} failed", what);
            }
            finally
            {
                token.Dispose();
            }
        });
    }

    private sealed class Token(WorkTracker owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}
