using System.Collections.Concurrent;
using Dapr;
using Dapr.Client;
using DaprEmulator.SampleApp;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDaprClient();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ConcurrentQueue<Note>>();
var app = builder.Build();

app.UseCloudEvents();
app.MapSubscribeHandler();

// What the app was started with, as the Dapr SDK reads it (configuration keys win over the environment).
app.MapGet("/settings", (IConfiguration config) => new Dictionary<string, string?>
{
    ["APP_ID"] = config["APP_ID"],
    ["APP_PORT"] = config["APP_PORT"],
    ["DAPR_HTTP_PORT"] = config["DAPR_HTTP_PORT"],
    ["DAPR_GRPC_PORT"] = config["DAPR_GRPC_PORT"],
    ["GREETING"] = config["GREETING"],
});

app.MapGet("/now", (TimeProvider time) => time.GetUtcNow());

app.MapPost("/notes", async (Note note, DaprClient dapr, CancellationToken ct) =>
{
    await dapr.PublishEventAsync("pubsub", "notes", note, ct);
    return Results.Accepted();
});

app.MapPost("/on-note", [Topic("pubsub", "notes")] (Note note, ConcurrentQueue<Note> received, ILogger<Note> logger) =>
{
    logger.LogInformation("Received note {Text}", note.Text);
    received.Enqueue(note);
    return Results.Ok();
});

app.MapGet("/notes", (ConcurrentQueue<Note> received) => received.ToArray());

app.Run();

public partial class Program;
