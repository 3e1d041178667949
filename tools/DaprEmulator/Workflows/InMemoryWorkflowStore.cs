using System.Collections.Concurrent;

namespace DaprEmulator.Workflows;

/// <summary>Instances in memory, lost when the emulator stops (like the rest of the emulator's state).</summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly ConcurrentDictionary<string, WorkflowInstanceState> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _order = new(StringComparer.Ordinal);
    private long _next;

    public bool TryGet(string instanceId, out WorkflowInstanceState instance) => _instances.TryGetValue(instanceId, out instance!);

    public void Save(WorkflowInstanceState instance)
    {
        _instances[instance.InstanceId] = instance;
        _order.GetOrAdd(instance.InstanceId, _ => Interlocked.Increment(ref _next));
    }

    public bool Remove(string instanceId)
    {
        _order.TryRemove(instanceId, out _);
        return _instances.TryRemove(instanceId, out _);
    }

    public IReadOnlyList<string> InstanceIds() =>
        _order.OrderBy(p => p.Value).Select(p => p.Key).Where(_instances.ContainsKey).ToList();

    public IReadOnlyList<WorkflowInstanceState> All() => _instances.Values.ToList();
}
