using CheckIns.Processor.ProcessingErrors;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>
/// Keeps the processing error of a check-in whose monitor does not exist in its project's list (SEMANTICS R105).
/// A step of its own, after the apply: a rerun finds the apply's reply in the history and records the same entry,
/// which the project's store keeps once.
/// </summary>
public sealed class RecordProjectErrorActivity(IProjectErrors errors) : WorkflowActivity<RecordProjectErrorRequest, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, RecordProjectErrorRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await errors.RecordAsync(input.ProjectId, input.Entry, CancellationToken.None);
        return true;
    }
}
