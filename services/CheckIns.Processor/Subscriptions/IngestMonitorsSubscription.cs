using System.Text.Json;
using CheckIns.Contracts;
using Dapr;
using Dapr.AspNetCore;

namespace CheckIns.Processor.Subscriptions;

/// <summary>The bulk subscription to ingest-monitors, with its dead-letter topic.</summary>
public static class IngestMonitorsSubscription
{
    public const string Route = "/subscriptions/ingest-monitors";

    // Dapr reads "entryId"/"status"/"statuses": camelCase, whatever the API's own JSON policy is.
    private static readonly JsonSerializerOptions DaprJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapIngestMonitorsSubscription(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProcessorOptions>>().Value;

        app.MapPost(Route, HandleAsync)
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprNames.CheckInsPubSub,
                Name = Topics.IngestMonitors,
                DeadLetterTopic = Topics.IngestMonitorsDeadLetter,
            })
            .WithBulkSubscribe(new BulkSubscribeTopicOptions
            {
                TopicName = Topics.IngestMonitors,
                MaxMessagesCount = options.BulkMaxMessagesCount,
                MaxAwaitDurationMs = options.BulkMaxAwaitDurationMs,
            })
            .ExcludeFromDescription();

        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, CheckInBatchProcessor processor, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A single delivery that is not JSON can never be read: dead-letter it.
            return Results.Json(new { status = EntryStatus.Drop }, DaprJson);
        }

        if (CheckInMessageReader.IsBulk(body))
        {
            var entries = CheckInMessageReader.ReadBulk(body);
            var statuses = await processor.ProcessAsync(entries, cancellationToken);
            var response = new BulkSubscribeAppResponse(
                [.. statuses.Select(s => new BulkSubscribeAppResponseEntry(s.EntryId, Enum.Parse<BulkSubscribeAppResponseStatus>(s.Status)))]);
            return Results.Json(response, DaprJson);
        }

        // Without bulk delivery Dapr posts one CloudEvent, which UseCloudEvents has unwrapped to its data.
        var single = CheckInMessageReader.ReadEvent("0", body);
        var result = await processor.ProcessAsync([single], cancellationToken);
        return Results.Json(new { status = result[0].Status }, DaprJson);
    }
}
