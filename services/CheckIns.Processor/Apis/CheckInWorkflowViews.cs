using CheckIns.Domain.Model;
using CheckIns.Processor.Workflows;
using Dapr.Workflow;

namespace CheckIns.Processor.Apis;

/// <summary>
/// The workflow of a recent check-in as the read API shows it: its instance id (readable with the sidecar's
/// workflow API too), and its state — <c>running</c>, <c>completed</c>, <c>failed</c> (with <see cref="Failure"/>),
/// <c>not_found</c> (purged, or replaced by a later run that is gone), <c>unavailable</c> (the sidecar did not
/// answer), or null when it was not read (only the newest check-ins are).
/// </summary>
public sealed record CheckInWorkflowView(string InstanceId, string? Status, string? Failure = null);

/// <summary>Reads the state of one check-in's workflow.</summary>
public interface ICheckInWorkflowReader
{
    Task<CheckInWorkflowView> ReadAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>Reads it through the sidecar (<c>GetWorkflowStateAsync</c>).</summary>
public sealed class DaprCheckInWorkflowReader(DaprWorkflowClient workflows) : ICheckInWorkflowReader
{
    public async Task<CheckInWorkflowView> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        WorkflowState state;
        try
        {
            state = await workflows.GetWorkflowStateAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A read that cannot be answered still shows the monitor.
            return new CheckInWorkflowView(instanceId, "unavailable", ex.Message);
        }

        if (!state.Exists)
        {
            return new CheckInWorkflowView(instanceId, "not_found");
        }

        return state.RuntimeStatus switch
        {
            WorkflowRuntimeStatus.Running => new CheckInWorkflowView(instanceId, "running"),
            WorkflowRuntimeStatus.Completed => new CheckInWorkflowView(instanceId, "completed"),
            WorkflowRuntimeStatus.Failed => new CheckInWorkflowView(instanceId, "failed", state.FailureDetails?.ErrorMessage),
            var other => new CheckInWorkflowView(instanceId, other.ToString().ToLowerInvariant()),
        };
    }
}

/// <summary>Fills the workflow states of a monitor view's newest check-ins.</summary>
public static class CheckInWorkflowViews
{
    /// <summary>The workflow of a check-in created by a message (a missed check-in has none); its state is read later.</summary>
    public static CheckInWorkflowView? Of(CheckIn checkIn)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        return checkIn.MessageId is { } messageId ? new CheckInWorkflowView(WorkflowIds.CheckIn(messageId), null) : null;
    }

    public static async Task<MonitorView> ReadAsync(MonitorView view, ICheckInWorkflowReader reader, ProcessorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var wanted = view.Environments
            .SelectMany(e => e.RecentCheckins.Take(Math.Max(0, options.WorkflowStatesShown)))
            .Where(c => c.Workflow is not null)
            .Select(c => c.Workflow!.InstanceId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (wanted.Count == 0)
        {
            return view;
        }

        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, CheckInWorkflowView>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            wanted,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentReads), CancellationToken = cancellationToken },
            async (id, ct) => read[id] = await reader.ReadAsync(id, ct));

        return view with
        {
            Environments = [.. view.Environments.Select(e => e with
            {
                RecentCheckins = [.. e.RecentCheckins.Select(c =>
                    c.Workflow is { } workflow && read.TryGetValue(workflow.InstanceId, out var state) ? c with { Workflow = state } : c)],
            })],
        };
    }
}
