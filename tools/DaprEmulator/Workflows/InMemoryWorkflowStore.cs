using System.Collections.Concurrent;

namespace DaprEmulator.Workflows;

/// <summary>Instances in memory, lost when the emulator stops (what tests use; the local run keeps them on disk).</summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly ConcurrentDictionary<string, WorkflowInstanceState> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _order = new(StringComparer.Ordinal);
    private long _next;

    public bool TryGet(string instanceId, out WorkflowInstanceState instance) => _instances.TryGetValue(instanceId, out instance!);

    public Task Save(WorkflowInstanceState instance)
    {
        _instances[instance.InstanceId] = instance;
        _order.GetOrAdd(instance.InstanceId, _ => Interlocked.Increment(ref _next));
        return Task.CompletedTask;
    }

    public (bool Removed, Task Written) Remove(string instanceId)
    {
        _order.TryRemove(instanceId, out _);
        return (_instances.TryRemove(instanceId, out _), Task.CompletedTask);
    }

    public IReadOnlyList<string> InstanceIds() =>
        _order.OrderBy(p => p.Value).Select(p => p.Key).Where(_instances.ContainsKey).ToList();

    public IReadOnlyList<WorkflowInstanceState> All() => _instances.Values.ToList();
}
