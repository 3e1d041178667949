using System.Globalization;
using DaprEmulator.Core;

namespace DaprEmulator.Testing;

/// <summary>The settings <c>dapr run</c> gives an app, as configuration keys (which win over environment variables in the SDK).</summary>
internal static class DaprAppSettings
{
    public static Dictionary<string, string?> For(DaprSidecar sidecar, int appPort) => new()
    {
        ["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(CultureInfo.InvariantCulture),
        ["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(CultureInfo.InvariantCulture),
        ["DAPR_HTTP_ENDPOINT"] = sidecar.HttpEndpoint,
        ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint,
        ["APP_ID"] = sidecar.AppId,
        ["APP_PORT"] = appPort.ToString(CultureInfo.InvariantCulture),
    };
}
