using CheckIns.Domain.Model;

namespace CheckIns.Domain.RateLimits;

/// <summary>
/// A rate window while the turn counts; frozen into a <see cref="RateWindow"/>. <see cref="Frozen"/> is the
/// state's window it was read from, reused when the turn did not count in it.
/// </summary>
internal readonly record struct RateCounter(string Environment, DateTimeOffset Minute, int Count, RateWindow? Frozen = null);
