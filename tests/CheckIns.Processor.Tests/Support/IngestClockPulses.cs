using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Processor.Tests.Support;

/// <summary>
/// Plays ingest's clock pulse in tests without ingest: every minute of the fake clock, a pulse under as many partition
/// keys as ingest uses, so that the processor's stream clock follows the fake clock (SEMANTICS R89). The publish runs
/// inside the timer's callback, so that when the test's time step returns the pulse is on the topic and the
/// emulator's idle signal covers its delivery.
/// </summary>
public sealed class IngestClockPulses : IDisposable
{
    private const int PartitionKeys = 64;

    private readonly TimeProvider _time;
    private readonly DaprClient _ingest;
    private readonly ITimer _timer;
    private DateTimeOffset _last;

    private IngestClockPulses(TimeProvider time, DaprClient ingest)
    {
        _time = time;
        _ingest = ingest;
        _timer = time.CreateTimer(_ => Pulse(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public static IngestClockPulses Start(TimeProvider time, DaprClient ingest) => new(time, ingest);

    public void Dispose() => _timer.Dispose();

    private void Pulse()
    {
        // A step over several minutes fires the timer once per minute at the same time: one pulse says it all.
        var at = _time.GetUtcNow();
        if (at == _last)
        {
            return;
        }

        _last = at;
        PublishAsync(at).GetAwaiter().GetResult();
    }

    private async Task PublishAsync(DateTimeOffset at)
    {
        for (var key = 0; key < PartitionKeys; key++)
        {
            var pulse = ClockPulses.Create(at, key);
            var metadata = new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = pulse.MonitorKey };
            await _ingest.PublishEventAsync(DaprNames.CheckInsPubSub, Topics.IngestMonitors, Messages.ToJson(pulse), metadata);
        }
    }
}
