namespace CheckIns.Processor.Actors;

/// <summary>Starts the workflow that runs missed detection for a monitor's wake-up; throws when it could not be started.</summary>
public interface ITickScheduler
{
    Task ScheduleAsync(string monitorKey, DateTimeOffset deadline, CancellationToken cancellationToken);
}
