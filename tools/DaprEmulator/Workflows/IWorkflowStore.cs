namespace DaprEmulator.Workflows;

/// <summary>
/// Where workflow instances are kept. The engine calls <see cref="Save"/> after every change it makes to an
/// instance (under the instance's gate), so a durable implementation can write the instance there.
/// </summary>
public interface IWorkflowStore
{
    bool TryGet(string instanceId, out WorkflowInstanceState instance);

    /// <summary>
    /// Adds the instance, or replaces the one stored under its id. The task completes once this state of the
    /// instance is durable (at once in memory); a later save of the same instance supersedes it.
    /// </summary>
    Task Save(WorkflowInstanceState instance);

    /// <summary>Removes the instance; the task completes once the removal is durable.</summary>
    (bool Removed, Task Written) Remove(string instanceId);

    /// <summary>Every instance id, in the order the instances were first saved.</summary>
    IReadOnlyList<string> InstanceIds();

    IReadOnlyList<WorkflowInstanceState> All();
}
