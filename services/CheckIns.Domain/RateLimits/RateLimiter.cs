using CheckIns.Domain.Schedules;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.RateLimits;

/// <summary>
/// R28, D8: N check-ins per monitor environment per ingest-time minute. The counter counts every message
/// that reaches the step, the refused ones included, and survives a later rejection of the check-in.
/// </summary>
internal static class RateLimiter
{
    public static bool TryCount(Turn turn, string environment, DateTimeOffset receivedAt)
    {
        var minute = Minutes.Truncate(receivedAt);
        var windows = turn.RateWindows;
        var newestMinute = Minutes.Truncate(turn.LastReceivedAt ?? receivedAt);

        // Windows of earlier minutes can no longer count anything but late stragglers; keep one minute back.
        var horizon = newestMinute.AddMinutes(-1);
        for (var i = windows.Count - 1; i >= 0; i--)
        {
            if (windows[i].Minute < horizon)
            {
                windows.RemoveAt(i);
            }
        }

        turn.MarkChanged();
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            if (window.Minute == minute && string.Equals(window.Environment, environment, StringComparison.Ordinal))
            {
                var count = window.Count + 1;
                windows[i] = new RateCounter(window.Environment, window.Minute, count);
                return count <= turn.Options.RateLimitPerMinute;
            }
        }

        windows.Add(new RateCounter(environment, minute, 1));
        return 1 <= turn.Options.RateLimitPerMinute;
    }
}
