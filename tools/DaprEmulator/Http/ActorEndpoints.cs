using System.Globalization;
using System.Text;
using System.Text.Json;
using DaprEmulator.Actors;
using DaprEmulator.Core;
using DaprEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprEmulator.Http;

/// <summary>The actor API under <c>/v1.0/actors/{type}/{id}/</c> (DAPR.md §1.2): methods, state, reminders, timers.</summary>
internal static class ActorEndpoints
{
    private static readonly string[] s_putOrPost = ["PUT", "POST"];

    public static void MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        const string Base = "/v1.0/actors/{type}/{id}";
        app.MapMethods(Base + "/method/{**method}", ["PUT", "POST", "GET", "DELETE"], async (HttpContext context, DaprSidecar sidecar, string type, string id, string method) =>
        {
            var body = await HttpForwarding.ReadBodyAsync(context.Request);
            var response = await sidecar.Cluster.Actors.InvokeMethodAsync(new ActorKey(type, id), method, body, context.Request.ContentType, HttpForwarding.Headers(context.Request), context.RequestAborted);
            await HttpForwarding.WriteAsync(context, response);
        });

        app.MapGet(Base + "/state/{key}", (HttpContext context, DaprSidecar sidecar, string type, string id, string key) =>
        {
            var store = ActorStore(sidecar);
            var entry = store.Get(StateStoreRegistry.ActorKey(sidecar.AppId, type, id, key));
            if (entry is null)
            {
                return Results.NoContent(); // The SDK reads an empty body as "not found".
            }

            if (entry.ExpiresAt is { } at)
            {
                context.Response.Headers["Metadata.ttlExpireTime"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }

            return Results.Bytes(entry.Value, "application/json");
        });

        app.MapMethods(Base + "/state", s_putOrPost, async (HttpContext context, DaprSidecar sidecar, string type, string id) =>
        {
            var store = ActorStore(sidecar);
            using var doc = JsonDocument.Parse(await HttpForwarding.ReadBodyAsync(context.Request));
            var ops = new List<StateOperation>();
            foreach (var op in doc.RootElement.EnumerateArray())
            {
                var operation = op.GetProperty("operation").GetString();
                var request = op.GetProperty("request");
                var key = StateStoreRegistry.ActorKey(sidecar.AppId, type, id, request.GetProperty("key").GetString()!);
                Dictionary<string, string>? metadata = request.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                    ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                    : null;
                ops.Add(operation switch
                {
                    "upsert" => new StateOperation(key, false, Encoding.UTF8.GetBytes(request.GetProperty("value").GetRawText()), null, false, StateApi.Ttl(metadata)),
                    "delete" => new StateOperation(key, true, null, null, false, null),
                    _ => throw new DaprApiException(DaprErrorCodes.BadRequest, $"invalid operation type {operation} in actor state transaction"),
                });
            }

            // All or nothing: one store-level apply. daprd answers a store's failure with its actor error code.
            try
            {
                await StateApi.ApplyAsync(store, ops);
            }
            catch (DaprApiException ex) when (ex.Code == DaprErrorCodes.StateSaveFailed)
            {
                throw new DaprApiException(DaprErrorCodes.ActorStateTransactionSave, $"error saving actor transaction state: {ex.Message}");
            }

            return Results.NoContent();
        });

        app.MapMethods(Base + "/reminders/{name}", s_putOrPost, async (HttpContext context, DaprSidecar sidecar, string type, string id, string name) =>
        {
            RequireActorRuntime(sidecar);
            using var doc = JsonDocument.Parse(await HttpForwarding.ReadBodyAsync(context.Request));
            await sidecar.Cluster.Actors.Reminders.RegisterAsync(new ActorKey(type, id), name, doc.RootElement);
            return Results.NoContent();
        });

        app.MapGet(Base + "/reminders/{name}", (DaprSidecar sidecar, string type, string id, string name) =>
            sidecar.Cluster.Actors.Reminders.Get(new ActorKey(type, id), name) is { } reminder
                ? Results.Text(reminder.ToJsonString(), "application/json")
                : Results.Ok());

        app.MapDelete(Base + "/reminders/{name}", async (DaprSidecar sidecar, string type, string id, string name) =>
        {
            await sidecar.Cluster.Actors.Reminders.UnregisterAsync(new ActorKey(type, id), name);
            return Results.NoContent();
        });

        app.MapMethods(Base + "/timers/{name}", s_putOrPost, async (HttpContext context, DaprSidecar sidecar, string type, string id, string name) =>
        {
            RequireActorRuntime(sidecar);
            using var doc = JsonDocument.Parse(await HttpForwarding.ReadBodyAsync(context.Request));
            sidecar.Cluster.Actors.Timers.Register(new ActorKey(type, id), name, doc.RootElement);
            return Results.NoContent();
        });

        app.MapDelete(Base + "/timers/{name}", (DaprSidecar sidecar, string type, string id, string name) =>
        {
            sidecar.Cluster.Actors.Timers.Unregister(new ActorKey(type, id), name);
            return Results.NoContent();
        });
    }

    private static void RequireActorRuntime(DaprSidecar sidecar)
    {
        if (sidecar.Resources.ActorStateStore is null)
        {
            throw new DaprApiException(DaprErrorCodes.ActorRuntimeNotFound, ActorStoreMissing(sidecar));
        }
    }

    private static InMemoryStateStore ActorStore(DaprSidecar sidecar)
    {
        RequireActorRuntime(sidecar);
        return sidecar.Cluster.StateStores.Get(sidecar.Resources.ActorStateStore!.Name);
    }

    private static string ActorStoreMissing(DaprSidecar sidecar) =>
        sidecar.ActorConfigError
        ?? $"the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value: \"true\" in your state store component file? (app {sidecar.AppId})";
}
