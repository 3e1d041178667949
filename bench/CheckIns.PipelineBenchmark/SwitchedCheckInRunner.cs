extern alias processor;

using CheckIns.Contracts;
using processor::CheckIns.Processor.Subscriptions;
using processor::CheckIns.Processor.Workflows;

namespace CheckIns.PipelineBenchmark;

/// <summary>The processor's runner in the benchmark: the product's workflow runner, or the direct-actor baseline.</summary>
internal sealed class SwitchedCheckInRunner(CheckInPathSwitch path, WorkflowCheckInRunner workflow, DirectActorCheckInRunner direct) : ICheckInRunner
{
    public Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken cancellationToken) =>
        path.Current == CheckInPath.Workflow ? workflow.RunAsync(message, cancellationToken) : direct.RunAsync(message, cancellationToken);
}
