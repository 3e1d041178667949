using CheckIns.Contracts;

namespace CheckIns.Processor.Actors;

/// <summary>What the workflows ask of monitor actors; each call is one actor turn and throws when it did not commit.</summary>
public interface IMonitorOperations
{
    Task<OperationReply> ApplyAsync(CheckInMessage message, CancellationToken cancellationToken);

    Task<OperationReply> TimeOutAsync(string monitorKey, TimeoutRequest request, CancellationToken cancellationToken);

    Task<OperationReply> TickAsync(string monitorKey, TickRequest request, CancellationToken cancellationToken);

    Task AcknowledgeAsync(string monitorKey, string operationId, CancellationToken cancellationToken);
}
