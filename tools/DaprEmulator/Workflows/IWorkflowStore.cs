namespace DaprEmulator.Workflows;

/// <summary>
/// Where workflow instances are kept. The engine calls <see cref="Save"/> after every change it makes to an
/// instance (under the instance's gate), so a durable implementation can write the instance there.
/// </summary>
public interface IWorkflowStore
{
    bool TryGet(string instanceId, out WorkflowInstanceState instance);

    /// <summary>Adds the instance, or replaces the one stored under its id.</summary>
    void Save(WorkflowInstanceState instance);

    bool Remove(string instanceId);

    /// <summary>Every instance id, in the order the instances were first saved.</summary>
    IReadOnlyList<string> InstanceIds();

    IReadOnlyList<WorkflowInstanceState> All();
}
