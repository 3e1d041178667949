namespace CheckIns.PipelineBenchmark;

/// <summary>How the benchmark's processor applies a delivered check-in.</summary>
internal enum CheckInPath
{
    /// <summary>The product: one workflow per check-in (WorkflowCheckInRunner).</summary>
    Workflow,

    /// <summary>The baseline: the same actor calls straight from the subscription (<see cref="DirectActorCheckInRunner"/>).</summary>
    DirectActor,
}

/// <summary>Which path the processor takes now; flipped between the phases of a run (only here, never in the product).</summary>
internal sealed class CheckInPathSwitch
{
    private volatile int _current = (int)CheckInPath.Workflow;

    public CheckInPath Current
    {
        get => (CheckInPath)_current;
        set => _current = (int)value;
    }
}
