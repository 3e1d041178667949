using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprEmulator.Tests.Invocation;

public sealed class ServiceInvocationTests
{
    private static Task<DaprTestApp> StartEchoAsync(DaprTestEnvironment dapr) =>
        dapr.StartAppAsync(
            "echo",
            _ => { },
            app => app.MapPost("/orders/{key}", (string key, Order order, HttpRequest request) =>
                Results.Json(new { key, order.Sequence, caller = request.Headers["dapr-caller-app-id"].ToString(), query = request.Query["q"].ToString() })),
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task InvokeMethodAsync_reaches_the_target_app_through_the_callers_sidecar()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        await StartEchoAsync(dapr);
        var caller = dapr.CreateDaprClient("caller");

        // The SDK marks its invocation helpers obsolete in favour of plain HTTP clients; apps may still use them.
#pragma warning disable CS0618
        var answer = await caller.InvokeMethodAsync<Order, EchoAnswer>("echo", "orders/k1?q=x", new Order("k1", 7), ct);
#pragma warning restore CS0618

        Assert.Equal(new EchoAnswer("k1", 7, "caller", "x"), answer);
    }

    [Fact]
    public async Task The_dapr_app_id_header_form_reaches_the_target_app()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        await StartEchoAsync(dapr);
        var sidecar = await dapr.StartSidecarAsync("caller", ct);
        using var http = DaprClient.CreateInvokeHttpClient("echo", sidecar.HttpEndpoint);

        var answer = await (await http.PostAsJsonAsync("/orders/k2", new Order("k2", 8), ct)).Content.ReadFromJsonAsync<EchoAnswer>(ct);

        Assert.Equal(new EchoAnswer("k2", 8, "caller", string.Empty), answer);
    }

    [Fact]
    public async Task Invoking_an_app_that_is_not_running_fails_with_ERR_DIRECT_INVOKE()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        await StartEchoAsync(dapr);
        await dapr.StopAppAsync("echo");
        var sidecar = await dapr.StartSidecarAsync("caller", ct);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };

        using var response = await http.PostAsJsonAsync("/v1.0/invoke/echo/method/orders/k3", new Order("k3", 1), ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ERR_DIRECT_INVOKE", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_unknown_gRPC_methods_are_UNIMPLEMENTED()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, ct);
        var client = dapr.CreateDaprClient("probe");
        var sidecar = await dapr.StartSidecarAsync("probe", ct);

        Assert.True(await client.CheckHealthAsync(ct));
        await client.WaitForSidecarAsync(ct);
        Assert.True(await client.CheckOutboundHealthAsync(ct));
        using var channel = GrpcChannel.ForAddress(sidecar.GrpcEndpoint);
        var grpc = new Dapr.Client.Autogen.Grpc.v1.Dapr.DaprClient(channel);
        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await grpc.InvokeBindingAsync(new Dapr.Client.Autogen.Grpc.v1.InvokeBindingRequest { Name = "b", Operation = "create" }, cancellationToken: ct));
        Assert.Equal(global::Grpc.Core.StatusCode.Unimplemented, error.StatusCode);
    }

    private sealed record EchoAnswer(string Key, int Sequence, string Caller, string Query);
}
