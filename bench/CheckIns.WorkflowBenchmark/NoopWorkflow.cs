using Dapr.Workflow;

namespace CheckIns.WorkflowBenchmark;

/// <summary>The bare workflow: one activity that does nothing, so what is measured is the workflow machinery.</summary>
internal sealed class NoopWorkflow : Workflow<int, int>
{
    public override Task<int> RunAsync(WorkflowContext context, int input) => context.CallActivityAsync<int>(nameof(NoopActivity), input);
}

internal sealed class NoopActivity : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(input);
}
