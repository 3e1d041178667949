using CheckIns.Processor.StatusEvents;
using Dapr.Workflow;

namespace CheckIns.Processor.Workflows;

/// <summary>Publishes one status event to monitors-status with the monitor key as partition key; throws when the broker refused it.</summary>
public sealed class PublishStatusEventActivity(IStatusEventPublisher publisher) : WorkflowActivity<PublishRequest, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, PublishRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await publisher.PublishAsync(input.Event, input.MonitorKey, CancellationToken.None);
        return true;
    }
}
