using Dapr.Workflow;

namespace DaprEmulator.Tests.Workflows;

/// <summary>Three activities in a chain, a one-hour durable timer, then an external event "approval".</summary>
public sealed class ChainWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var a = await context.CallActivityAsync<string>(nameof(AppendActivity), input + ">a");
        var b = await context.CallActivityAsync<string>(nameof(AppendActivity), a + ">b");
        var c = await context.CallActivityAsync<string>(nameof(AppendActivity), b + ">c");
        await context.CreateTimer(TimeSpan.FromHours(1));
        var approval = await context.WaitForExternalEventAsync<string>("approval");
        return $"{c}|{approval}|{context.CurrentUtcDateTime:O}";
    }
}

public sealed class AppendActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Runs.Enqueue((nameof(AppendActivity), context.InstanceId, input));
        return Task.FromResult(input + "!");
    }
}
