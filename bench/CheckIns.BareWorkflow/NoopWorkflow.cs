using Dapr.Workflow;

namespace CheckIns.BareWorkflow;

/// <summary>The bare workflow: one activity that does nothing, so what is measured is the workflow machinery.</summary>
public sealed class NoopWorkflow : Workflow<int, int>
{
    public override Task<int> RunAsync(WorkflowContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<int>(nameof(NoopActivity), input);
    }
}

public sealed class NoopActivity : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(input);
}
