using CheckIns.Contracts;

namespace CheckIns.Processor.Subscriptions;

/// <summary>Runs one delivered check-in and answers once it is durably applied, or why it is not.</summary>
public interface ICheckInRunner
{
    Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken cancellationToken);
}

/// <summary>Applied (durably in its workflow, the rest of which will happen), or not and why: Dapr should deliver it again.</summary>
public sealed record CheckInRun(bool Applied, string? Failure = null)
{
    public static CheckInRun Done { get; } = new(true);

    public static CheckInRun Failed(string failure) => new(false, failure);
}
