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

/// <summary>One activity per item, all in flight at once, summed at the end.</summary>
public sealed class FanOutWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i)));
        return squares.Sum();
    }
}

/// <summary>The bare workflow: one activity.</summary>
public sealed class SingleActivityWorkflow : Workflow<int, int>
{
    public override Task<int> RunAsync(WorkflowContext context, int input) => context.CallActivityAsync<int>(nameof(SquareActivity), input);
}

/// <param name="DelayMinutes">A durable timer before the wait (0: none).</param>
/// <param name="TimeoutMinutes">How long the wait for "go" lasts (0: forever).</param>
public sealed record WaitPlan(int DelayMinutes, int TimeoutMinutes);

/// <summary>Waits for the external event "go", optionally after a timer and with a timeout.</summary>
public sealed class EventWaitWorkflow : Workflow<WaitPlan, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, WaitPlan input)
    {
        if (input.DelayMinutes > 0)
        {
            await context.CreateTimer(TimeSpan.FromMinutes(input.DelayMinutes));
        }

        if (input.TimeoutMinutes == 0)
        {
            return await context.WaitForExternalEventAsync<string>("go");
        }

        try
        {
            return await context.WaitForExternalEventAsync<string>("go", TimeSpan.FromMinutes(input.TimeoutMinutes));
        }
        catch (TaskCanceledException)
        {
            return $"timeout at {context.CurrentUtcDateTime:O}";
        }
    }
}

public sealed class ParentWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var child = await context.CallChildWorkflowAsync<string>(nameof(ChildWorkflow), input, new ChildWorkflowTaskOptions(InstanceId: context.InstanceId + "-child"));
        return $"parent({child})";
    }
}

public sealed class ChildWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input) =>
        $"child({await context.CallActivityAsync<string>(nameof(AppendActivity), input)})";
}

/// <summary>Runs an activity, then continues as new with the next number until it reaches 3.</summary>
public sealed class LoopWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        await context.CallActivityAsync<int>(nameof(SquareActivity), input);
        if (input < 3)
        {
            context.ContinueAsNew(input + 1);
            return 0;
        }

        return input;
    }
}

/// <summary>Calls an activity that always throws, three attempts ten seconds apart.</summary>
public sealed class RetryWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(FailingActivity), input, new WorkflowTaskOptions(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(10))));
}

/// <summary>An activity that waits at the probe's gate the first time it runs.</summary>
public sealed class GateWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) => context.CallActivityAsync<string>(nameof(GateActivity), input);
}

public sealed class AppendActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Record(nameof(AppendActivity), context.InstanceId, input);
        return Task.FromResult(input + "!");
    }
}

public sealed class SquareActivity(WorkflowProbe probe) : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input)
    {
        probe.Record(nameof(SquareActivity), context.InstanceId, input.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(input * input);
    }
}

public sealed class FailingActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Record(nameof(FailingActivity), context.InstanceId, input);
        throw new InvalidOperationException($"boom on {input}");
    }
}

public sealed class GateActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        var first = probe.RunsOf(nameof(GateActivity)) == 0;
        probe.Record(nameof(GateActivity), context.InstanceId, input);
        if (first)
        {
            probe.GateReached.TrySetResult();
            await probe.Gate.Task;
        }

        return input + " passed";
    }
}
