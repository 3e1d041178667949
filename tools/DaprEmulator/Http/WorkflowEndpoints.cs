using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DaprEmulator.Core;
using DaprEmulator.Workflows;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Proto = Dapr.DurableTask.Protobuf;

namespace DaprEmulator.Http;

/// <summary>
/// daprd's HTTP workflow management API (<c>/v1.0/workflows/dapr/…</c>, also under <c>v1.0-beta1</c>), so a
/// person can start and look at a workflow with curl. Workflows started here belong to this sidecar's app.
/// </summary>
internal static partial class WorkflowEndpoints
{
    private static readonly DaprErrorCode ComponentNotFound = new("ERR_WORKFLOW_COMPONENT_NOT_FOUND", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    private static readonly DaprErrorCode InstanceIdInvalid = new("ERR_INSTANCE_ID_INVALID", HttpStatusCode.BadRequest, StatusCode.InvalidArgument);
    private static readonly DaprErrorCode InstanceNotFound = new("ERR_INSTANCE_ID_NOT_FOUND", HttpStatusCode.NotFound, StatusCode.NotFound);
    private static readonly DaprErrorCode StartFailed = new("ERR_START_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);
    private static readonly DaprErrorCode AlreadyExists = new("ERR_START_WORKFLOW", HttpStatusCode.Conflict, StatusCode.AlreadyExists);
    private static readonly DaprErrorCode RaiseFailed = new("ERR_RAISE_EVENT_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);
    private static readonly DaprErrorCode TerminateFailed = new("ERR_TERMINATE_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);
    private static readonly DaprErrorCode PauseFailed = new("ERR_PAUSE_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);
    private static readonly DaprErrorCode ResumeFailed = new("ERR_RESUME_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);
    private static readonly DaprErrorCode PurgeFailed = new("ERR_PURGE_WORKFLOW", HttpStatusCode.InternalServerError, StatusCode.Internal);

    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var version in new[] { "v1.0", "v1.0-beta1" })
        {
            var prefix = $"/{version}/workflows/{{component}}";
            app.MapPost(prefix + "/{workflowName}/start", async (DaprSidecar sidecar, string component, string workflowName, HttpContext context) =>
            {
                CheckComponent(component);
                var instanceId = context.Request.Query["instanceID"].ToString();
                if (instanceId.Length == 0)
                {
                    instanceId = Guid.NewGuid().ToString("N");
                }

                CheckInstanceId(instanceId);
                var input = await ReadInputAsync(context.Request);
                var request = new Proto.CreateInstanceRequest { InstanceId = instanceId, Name = workflowName };
                if (input is not null)
                {
                    request.Input = input;
                }

                var started = Call(StartFailed, $"error starting workflow '{workflowName}'", instanceId, () => sidecar.Cluster.Workflows.Start(sidecar.AppId, request));
                await Persisted(sidecar, StartFailed, $"error starting workflow '{workflowName}'", started);
                return Results.Json(new Dictionary<string, string> { ["instanceID"] = started }, statusCode: StatusCodes.Status202Accepted);
            });

            app.MapGet(prefix + "/{instanceId}", (DaprSidecar sidecar, string component, string instanceId) =>
            {
                CheckComponent(component);
                var info = sidecar.Cluster.Workflows.GetInstance(instanceId)
                    ?? throw new DaprApiException(InstanceNotFound, $"unable to find workflow with the provided instance ID: {instanceId}");
                return Results.Json(Describe(info));
            });

            app.MapPost(prefix + "/{instanceId}/raiseEvent/{eventName}", async (DaprSidecar sidecar, string component, string instanceId, string eventName, HttpContext context) =>
            {
                CheckComponent(component);
                var input = await ReadInputAsync(context.Request);
                Call(RaiseFailed, $"error raising event on workflow '{instanceId}'", instanceId, () => sidecar.Cluster.Workflows.RaiseEvent(instanceId, eventName, input));
                await Persisted(sidecar, RaiseFailed, $"error raising event on workflow '{instanceId}'", instanceId);
                return Results.Accepted();
            });

            app.MapPost(prefix + "/{instanceId}/terminate", async (DaprSidecar sidecar, string component, string instanceId) =>
            {
                CheckComponent(component);
                // daprd terminates the children too.
                Call(TerminateFailed, $"error terminating workflow '{instanceId}'", instanceId, () => sidecar.Cluster.Workflows.Terminate(instanceId, null, recursive: true));
                await Persisted(sidecar, TerminateFailed, $"error terminating workflow '{instanceId}'", instanceId);
                return Results.Accepted();
            });

            app.MapPost(prefix + "/{instanceId}/pause", async (DaprSidecar sidecar, string component, string instanceId) =>
            {
                CheckComponent(component);
                Call(PauseFailed, $"error pausing workflow {instanceId}", instanceId, () => sidecar.Cluster.Workflows.Suspend(instanceId, null));
                await Persisted(sidecar, PauseFailed, $"error pausing workflow {instanceId}", instanceId);
                return Results.Accepted();
            });

            app.MapPost(prefix + "/{instanceId}/resume", async (DaprSidecar sidecar, string component, string instanceId) =>
            {
                CheckComponent(component);
                Call(ResumeFailed, $"error resuming workflow {instanceId}", instanceId, () => sidecar.Cluster.Workflows.Resume(instanceId, null));
                await Persisted(sidecar, ResumeFailed, $"error resuming workflow {instanceId}", instanceId);
                return Results.Accepted();
            });

            app.MapPost(prefix + "/{instanceId}/purge", async (DaprSidecar sidecar, string component, string instanceId) =>
            {
                CheckComponent(component);
                var purged = await CallAsync(PurgeFailed, $"error purging workflow {instanceId}", instanceId, () => sidecar.Cluster.Workflows.PurgeAsync(instanceId, recursive: true, force: false));
                if (purged == 0)
                {
                    throw new DaprApiException(InstanceNotFound, $"unable to find workflow with the provided instance ID: {instanceId}");
                }

                return Results.Accepted();
            });
        }
    }

    private static Dictionary<string, object> Describe(WorkflowInstanceInfo info)
    {
        var properties = new Dictionary<string, string>
        {
            ["dapr.workflow.custom_status"] = info.CustomStatus ?? "",
        };
        if (info.Input is not null)
        {
            properties["dapr.workflow.input"] = info.Input;
        }

        if (info.Output is not null)
        {
            properties["dapr.workflow.output"] = info.Output;
        }

        if (info.FailureDetails is { } failure)
        {
            properties["dapr.workflow.failure.error_type"] = failure.ErrorType;
            properties["dapr.workflow.failure.error_message"] = failure.ErrorMessage;
        }

        return new Dictionary<string, object>
        {
            ["instanceID"] = info.InstanceId,
            ["workflowName"] = info.Name,
            ["createdAt"] = info.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["lastUpdatedAt"] = info.LastUpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["runtimeStatus"] = info.RuntimeStatus,
            ["properties"] = properties,
        };
    }

    private static void CheckComponent(string component)
    {
        if (component != "dapr")
        {
            throw new DaprApiException(ComponentNotFound, $"workflow component '{component}' does not exist");
        }
    }

    private static void CheckInstanceId(string instanceId)
    {
        if (!InstanceIdPattern().IsMatch(instanceId))
        {
            throw new DaprApiException(InstanceIdInvalid, $"workflow instance ID '{instanceId}' is invalid: only alphanumeric and underscore characters are allowed");
        }
    }

    private static async Task<string?> ReadInputAsync(HttpRequest request)
    {
        var body = await HttpForwarding.ReadBodyAsync(request);
        return body.Length == 0 ? null : Encoding.UTF8.GetString(body);
    }

    private static void Call(DaprErrorCode code, string what, string instanceId, Action action) => Call(code, what, instanceId, () =>
    {
        action();
        return 0;
    });

    /// <summary>Answers once the change is durable (at once without a data folder); a write the disk refused is daprd's error of the call.</summary>
    private static Task<int> Persisted(DaprSidecar sidecar, DaprErrorCode code, string what, string instanceId) =>
        CallAsync(code, what, instanceId, async () =>
        {
            await sidecar.Cluster.Workflows.PersistedAsync(instanceId);
            return 0;
        });

    /// <summary>The engine speaks gRPC statuses; the HTTP API answers with daprd's error codes.</summary>
    private static T Call<T>(DaprErrorCode code, string what, string instanceId, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RpcException ex)
        {
            throw Translate(code, what, instanceId, ex);
        }
    }

    private static async Task<T> CallAsync<T>(DaprErrorCode code, string what, string instanceId, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RpcException ex)
        {
            throw Translate(code, what, instanceId, ex);
        }
    }

    private static DaprApiException Translate(DaprErrorCode code, string what, string instanceId, RpcException ex) => ex.StatusCode switch
    {
        StatusCode.NotFound => new DaprApiException(InstanceNotFound, $"unable to find workflow with the provided instance ID: {instanceId}"),
        StatusCode.AlreadyExists => new DaprApiException(AlreadyExists, $"{what}: {ex.Status.Detail}"),
        _ => new DaprApiException(code, $"{what}: {ex.Status.Detail}"),
    };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex InstanceIdPattern();
}
