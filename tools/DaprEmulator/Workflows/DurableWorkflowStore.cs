using System.Collections.Concurrent;
using DaprEmulator.Storage;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Workflows;

/// <summary>
/// Instances kept in the data folder of the local run, so a workflow goes on where it stood after the emulator
/// restarts. Reads are served from memory; each save writes the instance's whole state (one key per instance,
/// through the store's group commit), so the last write of an instance is all it takes to restore it.
/// </summary>
public sealed class DurableWorkflowStore : IWorkflowStore
{
    internal const string Namespace = "workflows/instances";

    private readonly DurableStore _disk;
    private readonly InMemoryWorkflowStore _live = new();
    private readonly ConcurrentDictionary<string, long> _sequence = new(StringComparer.Ordinal);
    private long _next;

    private DurableWorkflowStore(DurableStore disk) => _disk = disk;

    /// <summary>Loads the instances kept in <paramref name="disk"/>; one that cannot be read is logged and left on disk.</summary>
    public static DurableWorkflowStore Open(DurableStore disk, ILogger logger)
    {
        var store = new DurableWorkflowStore(disk);
        var loaded = new List<(WorkflowInstanceState Instance, long Sequence)>();
        foreach (var (key, bytes) in disk.ReadAll(Namespace))
        {
            try
            {
                loaded.Add(WorkflowInstanceCodec.Decode(bytes));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or Google.Protobuf.InvalidProtocolBufferException)
            {
                logger.LogError("Workflow instance {InstanceId} in the data folder cannot be read and was not restored: {Error}", key, ex.Message);
            }
        }

        foreach (var (instance, sequence) in loaded.OrderBy(l => l.Sequence))
        {
            store._live.Save(instance);
            store._sequence[instance.InstanceId] = sequence;
            store._next = Math.Max(store._next, sequence);
        }

        return store;
    }

    public bool TryGet(string instanceId, out WorkflowInstanceState instance) => _live.TryGet(instanceId, out instance);

    public Task Save(WorkflowInstanceState instance)
    {
        _live.Save(instance);
        var sequence = _sequence.GetOrAdd(instance.InstanceId, _ => Interlocked.Increment(ref _next));
        // Encoded now, under the caller's gate: the bytes are this state, whatever the instance does next.
        var bytes = WorkflowInstanceCodec.Encode(instance, sequence);
        var id = instance.InstanceId;
        return _disk.WriteAsync(w => w.Put(Namespace, id, bytes));
    }

    public (bool Removed, Task Written) Remove(string instanceId)
    {
        _sequence.TryRemove(instanceId, out _);
        var (removed, _) = _live.Remove(instanceId);
        return (removed, _disk.WriteAsync(w => w.Delete(Namespace, instanceId)));
    }

    public IReadOnlyList<string> InstanceIds() => _live.InstanceIds();

    public IReadOnlyList<WorkflowInstanceState> All() => _live.All();
}
