using System.Text.Json;
using Google.Protobuf;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Workflows;

/// <summary>
/// An instance as the data folder keeps it: JSON for the instance's fields, protobuf bytes for its events and
/// failure details (the messages the SDK speaks, so nothing is lost in translation). The orchestrator turn in
/// flight is not kept: its events go back to the inbox, and the turn is dispatched again after a restart.
/// </summary>
internal static class WorkflowInstanceCodec
{
    public static byte[] Encode(WorkflowInstanceState instance, long sequence)
    {
        // Events a worker holds in a turn not yet completed are still pending: without them a restart would lose them.
        var pending = (instance.InFlight?.NewEvents ?? []).Where(e => e.WorkflowStarted is null).Concat(instance.Inbox);
        var stored = new StoredInstance(
            sequence,
            instance.InstanceId,
            instance.AppId,
            instance.Name,
            instance.ExecutionId,
            (int)instance.Status,
            instance.CreatedAt.UtcTicks,
            instance.LastUpdatedAt.UtcTicks,
            instance.CompletedAt?.UtcTicks,
            instance.ScheduledStartAt?.UtcTicks,
            instance.WaitingForScheduledStart,
            instance.Input,
            instance.Output,
            instance.CustomStatus,
            instance.FailureDetails?.ToByteArray(),
            instance.ParentInstanceId,
            instance.Parent?.ToByteArray(),
            new Dictionary<string, string>(instance.Tags, StringComparer.Ordinal),
            [.. instance.Children],
            [.. instance.History.Select(e => e.ToByteArray())],
            [.. pending.Select(e => e.ToByteArray())]);
        return JsonSerializer.SerializeToUtf8Bytes(stored);
    }

    public static (WorkflowInstanceState Instance, long Sequence) Decode(byte[] bytes)
    {
        var stored = JsonSerializer.Deserialize<StoredInstance>(bytes) ?? throw new JsonException("empty workflow instance");
        var instance = new WorkflowInstanceState(stored.InstanceId, stored.AppId, stored.Name, stored.ExecutionId, At(stored.CreatedAt))
        {
            Status = (Proto.OrchestrationStatus)stored.Status,
            LastUpdatedAt = At(stored.LastUpdatedAt),
            CompletedAt = stored.CompletedAt is { } completed ? At(completed) : null,
            ScheduledStartAt = stored.ScheduledStartAt is { } scheduled ? At(scheduled) : null,
            WaitingForScheduledStart = stored.WaitingForScheduledStart,
            Input = stored.Input,
            Output = stored.Output,
            CustomStatus = stored.CustomStatus,
            FailureDetails = stored.FailureDetails is { } failure ? Proto.TaskFailureDetails.Parser.ParseFrom(failure) : null,
            ParentInstanceId = stored.ParentInstanceId,
            Parent = stored.Parent is { } parent ? Proto.ParentInstanceInfo.Parser.ParseFrom(parent) : null,
        };
        foreach (var (key, value) in stored.Tags)
        {
            instance.Tags[key] = value;
        }

        instance.Children.UnionWith(stored.Children);
        instance.History.AddRange(stored.History.Select(Proto.HistoryEvent.Parser.ParseFrom));
        instance.Inbox.AddRange(stored.Inbox.Select(Proto.HistoryEvent.Parser.ParseFrom));
        return (instance, stored.Sequence);
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private sealed record StoredInstance(
        long Sequence,
        string InstanceId,
        string AppId,
        string Name,
        string ExecutionId,
        int Status,
        long CreatedAt,
        long LastUpdatedAt,
        long? CompletedAt,
        long? ScheduledStartAt,
        bool WaitingForScheduledStart,
        string? Input,
        string? Output,
        string? CustomStatus,
        byte[]? FailureDetails,
        string? ParentInstanceId,
        byte[]? Parent,
        Dictionary<string, string> Tags,
        List<string> Children,
        List<byte[]> History,
        List<byte[]> Inbox);
}
