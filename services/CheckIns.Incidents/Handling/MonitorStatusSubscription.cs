using System.Text.Json;
using CheckIns.Contracts;
using Dapr;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CheckIns.Incidents.Handling;

/// <summary>Dapr's reading of a 2xx reply to a delivery (DAPR.md §2.4).</summary>
public sealed record SubscriptionReply(string Status)
{
    public static readonly SubscriptionReply Success = new("SUCCESS");
    public static readonly SubscriptionReply Drop = new("DROP");
}

public static class MonitorStatusSubscription
{
    public const string Route = "/events/monitors-status";

    /// <summary>
    /// The programmatic subscription to <see cref="Topics.MonitorsStatus"/>. An event that can never be read or
    /// handled answers DROP, which sends it to <see cref="Topics.MonitorsStatusDeadLetter"/>; a failure we cannot handle
    /// now (state store, publish) answers 500, and Dapr redelivers.
    /// </summary>
    public static IEndpointConventionBuilder MapMonitorStatusSubscription(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync)
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprNames.CheckInsPubSub,
                Name = Topics.MonitorsStatus,
                DeadLetterTopic = Topics.MonitorsStatusDeadLetter,
            })
            .ExcludeFromDescription();

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        MonitorStatusConsumer handler,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        MonitorStatusEvent? evt;
        try
        {
            // UseCloudEvents has already unwrapped the CloudEvent's data into the body.
            evt = await JsonSerializer.DeserializeAsync(request.Body, ContractsJsonContext.Default.MonitorStatusEvent, cancellationToken);
        }
        catch (JsonException ex)
        {
            loggerFactory.CreateLogger(typeof(MonitorStatusSubscription)).LogWarning(
                ex, "Dropping an unreadable {Topic} delivery to the dead-letter topic", Topics.MonitorsStatus);
            return Reply(SubscriptionReply.Drop);
        }

        if (evt is null)
        {
            return Reply(SubscriptionReply.Drop);
        }

        var result = await handler.HandleAsync(evt, cancellationToken);
        return Reply(result.Outcome == HandlingOutcome.Rejected ? SubscriptionReply.Drop : SubscriptionReply.Success);
    }

    private static JsonHttpResult<SubscriptionReply> Reply(SubscriptionReply reply) =>
        TypedResults.Json(reply, IncidentsJsonContext.Default.SubscriptionReply);
}
