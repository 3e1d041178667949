using Grpc.Core;

namespace CheckIns.Processor.Workflows;

/// <summary>Reads the sidecar's answers to workflow calls.</summary>
public static class WorkflowErrors
{
    /// <summary>
    /// Starting an instance id that is still running fails (daprd answers "an active workflow with ID … already
    /// exists", newer runtimes with AlreadyExists).
    /// </summary>
    public static bool IsAlreadyRunning(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is RpcException { StatusCode: StatusCode.AlreadyExists })
            {
                return true;
            }

            if (ex is RpcException rpc && rpc.Status.Detail.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The sidecar answered with an error (rather than the call not reaching it).</summary>
    public static bool IsRpc(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is RpcException { StatusCode: not (StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled) })
            {
                return true;
            }
        }

        return false;
    }
}
