using CheckIns.Contracts;
using Microsoft.Extensions.Options;

namespace CheckIns.Ingest.Publishing;

/// <summary>
/// Publishes a clock pulse every <see cref="IngestOptions.ClockPulseIntervalSeconds"/> on the <see cref="TimeProvider"/>
/// (SEMANTICS R89), on the interval's boundaries, and once at start. Each pulse is stamped when the timer fires, like a check-in when its request arrives, and goes out
/// under <see cref="IngestOptions.ClockPulsePartitionKeys"/> keys in one bulk publish. A pulse that cannot be published
/// is logged and not retried: the next one says more.
/// </summary>
public sealed partial class ClockPulsePublisher(
    ICheckInPublisher publisher,
    IOptions<IngestOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ClockPulsePublisher> logger) : IHostedService, IDisposable
{
    private ITimer? _timer;
    private long _lastStampedTicks;
    private long _lastPublishedTicks;

    /// <summary>The time of the newest pulse the timer produced, published or not; null before the first.</summary>
    public DateTimeOffset? LastStamped => Read(ref _lastStampedTicks);

    /// <summary>The time of the newest pulse the sidecar took; null before the first.</summary>
    public DateTimeOffset? LastPublished => Read(ref _lastPublishedTicks);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ClockPulseIntervalSeconds);
        if (interval > TimeSpan.Zero)
        {
            // On the interval's boundaries (every whole minute by default): deadlines are whole minutes, so the pulse
            // of a deadline's minute lets its decision through at once.
            var first = TimeSpan.FromTicks(interval.Ticks - (time.GetUtcNow().UtcTicks % interval.Ticks));
            _timer = time.CreateTimer(_ => Pulse(), null, first, interval);

            // One at start too: whatever an earlier run accepted was published before it answered, so a restarted
            // ingest can say so at once instead of holding decisions back until the next boundary.
            Pulse();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static DateTimeOffset? Read(ref long ticks)
    {
        var value = Interlocked.Read(ref ticks);
        return value == 0 ? null : new DateTimeOffset(value, TimeSpan.Zero);
    }

    private void Pulse()
    {
        // Stamped here, synchronously, so that the pulse's time is the timer's, however late the publish runs.
        var at = time.GetUtcNow();
        Interlocked.Exchange(ref _lastStampedTicks, at.UtcTicks);
        _ = PublishAsync(at);
    }

    private async Task PublishAsync(DateTimeOffset at)
    {
        var keys = Math.Max(1, options.Value.ClockPulsePartitionKeys);
        var pulses = new CheckInMessage[keys];
        for (var i = 0; i < keys; i++)
        {
            pulses[i] = ClockPulses.Create(at, i);
        }

        try
        {
            await publisher.PublishAsync(pulses, lifetime.ApplicationStopping);
            InterlockedMax(ref _lastPublishedTicks, at.UtcTicks);
        }
        catch (Exception ex) when (ex is CheckInPublishException or OperationCanceledException or ObjectDisposedException)
        {
            LogPulseFailed(logger, ex, at);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The clock pulse of {At} was not published; the next one will move the stream clock")]
    private static partial void LogPulseFailed(ILogger logger, Exception exception, DateTimeOffset at);
}
