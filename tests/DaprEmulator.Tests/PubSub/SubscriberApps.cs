using Dapr;
using Dapr.AspNetCore;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprEmulator.Tests.PubSub;

/// <summary>Small subscriber apps built on Dapr.AspNetCore, as the real apps are.</summary>
public static class SubscriberApps
{
    /// <summary>A <c>[Topic]</c> endpoint on <c>orders</c> that records each order and answers with <paramref name="answer"/>.</summary>
    public static Task<DaprTestApp> StartOrdersAsync(
        DaprTestEnvironment dapr,
        string appId,
        Recorder<Order> received,
        Func<Order, IResult>? answer = null,
        string topic = "orders",
        string? deadLetterTopic = null)
    {
        answer ??= _ => Results.Ok();
        return dapr.StartAppAsync(
            appId,
            b => b.Services.AddDaprClient(),
            app =>
            {
                app.UseCloudEvents();
                app.MapSubscribeHandler();
                var endpoint = app.MapPost("/" + topic, (Order order) =>
                {
                    received.Add(order);
                    return answer(order);
                });
                if (deadLetterTopic is null)
                {
                    endpoint.WithTopic("pubsub", topic);
                }
                else
                {
                    endpoint.WithTopic(new TopicOptions { PubsubName = "pubsub", Name = topic, DeadLetterTopic = deadLetterTopic });
                }
            },
            TestContext.Current.CancellationToken);
    }

    /// <summary>An app with a <c>[Topic]</c> attribute on a minimal-API handler.</summary>
    public static Task<DaprTestApp> StartAttributeSubscriberAsync(DaprTestEnvironment dapr, string appId, Recorder<Order> received) =>
        dapr.StartAppAsync(
            appId,
            b => b.Services.AddDaprClient(),
            app =>
            {
                app.UseCloudEvents();
                app.MapSubscribeHandler();
                app.MapPost("/orders-attr", [Topic("pubsub", "orders")] (Order order) =>
                {
                    received.Add(order);
                    return Results.Ok();
                });
            },
            TestContext.Current.CancellationToken);

    /// <summary>A bulk subscriber; <paramref name="statusFor"/> decides each entry's status (null leaves the entry out of the answer).</summary>
    public static Task<DaprTestApp> StartBulkAsync(
        DaprTestEnvironment dapr,
        string appId,
        Recorder<IReadOnlyList<Order>> batches,
        int maxMessagesCount,
        int maxAwaitDurationMs,
        Func<Order, BulkSubscribeAppResponseStatus?>? statusFor = null,
        string topic = "orders",
        string? deadLetterTopic = null)
    {
        statusFor ??= _ => BulkSubscribeAppResponseStatus.SUCCESS;
        return dapr.StartAppAsync(
            appId,
            b => b.Services.AddDaprClient(),
            app =>
            {
                app.UseCloudEvents();
                app.MapSubscribeHandler();
                app.MapPost("/bulk-" + topic, (BulkSubscribeMessage<BulkMessageModel<Order>> message) =>
                {
                    batches.Add(message.Entries.Select(e => e.Event.Data).ToList());
                    var statuses = new List<BulkSubscribeAppResponseEntry>();
                    foreach (var entry in message.Entries)
                    {
                        if (statusFor(entry.Event.Data) is { } status)
                        {
                            statuses.Add(new BulkSubscribeAppResponseEntry(entry.EntryId, status));
                        }
                    }

                    return Results.Ok(new BulkSubscribeAppResponse(statuses));
                })
                .WithTopic(new TopicOptions { PubsubName = "pubsub", Name = topic, DeadLetterTopic = deadLetterTopic })
                .WithBulkSubscribe(new BulkSubscribeTopicOptions { TopicName = topic, MaxMessagesCount = maxMessagesCount, MaxAwaitDurationMs = maxAwaitDurationMs });
            },
            TestContext.Current.CancellationToken);
    }
}
