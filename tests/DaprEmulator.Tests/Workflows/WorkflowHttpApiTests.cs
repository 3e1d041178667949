using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DaprEmulator.Tests.Workflows;

/// <summary>daprd's HTTP workflow management API on the sidecar's HTTP port, as curl would call it.</summary>
public sealed class WorkflowHttpApiTests
{
    [Fact]
    public async Task Start_get_raise_event_and_purge_over_http_with_daprds_bodies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(h.App.Sidecar.HttpEndpoint) };

        using var start = await http.PostAsync("/v1.0/workflows/dapr/EventWaitWorkflow/start?instanceID=http-1", Json("""{"DelayMinutes":0,"TimeoutMinutes":0}"""), ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("http-1", (await start.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("instanceID").GetString());
        await h.Dapr.WaitForIdleAsync(ct);

        var running = await http.GetFromJsonAsync<JsonElement>("/v1.0/workflows/dapr/http-1", ct);
        Assert.Equal(("http-1", "EventWaitWorkflow", "RUNNING"), (running.GetProperty("instanceID").GetString(), running.GetProperty("workflowName").GetString(), running.GetProperty("runtimeStatus").GetString()));
        Assert.Equal("""{"DelayMinutes":0,"TimeoutMinutes":0}""", running.GetProperty("properties").GetProperty("dapr.workflow.input").GetString());
        Assert.Equal(WorkflowApps.Epoch, running.GetProperty("createdAt").GetDateTimeOffset());

        using var raise = await http.PostAsync("/v1.0/workflows/dapr/http-1/raiseEvent/go", Json("\"from curl\""), ct);
        Assert.Equal(HttpStatusCode.Accepted, raise.StatusCode);
        await h.Client.WaitForWorkflowCompletionAsync("http-1", cancellation: ct);

        var completed = await http.GetFromJsonAsync<JsonElement>("/v1.0/workflows/dapr/http-1", ct);
        Assert.Equal("COMPLETED", completed.GetProperty("runtimeStatus").GetString());
        Assert.Equal("\"from curl\"", completed.GetProperty("properties").GetProperty("dapr.workflow.output").GetString());

        using var purge = await http.PostAsync("/v1.0/workflows/dapr/http-1/purge", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, purge.StatusCode);
        using var gone = await http.GetAsync("/v1.0/workflows/dapr/http-1", ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("ERR_INSTANCE_ID_NOT_FOUND", (await gone.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Pause_resume_and_terminate_over_http()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(h.App.Sidecar.HttpEndpoint) };
        (await http.PostAsync("/v1.0/workflows/dapr/EventWaitWorkflow/start?instanceID=http-2", Json("""{"DelayMinutes":0,"TimeoutMinutes":0}"""), ct)).Dispose();
        await h.Dapr.WaitForIdleAsync(ct);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/v1.0/workflows/dapr/http-2/pause", null, ct)).StatusCode);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal("SUSPENDED", (await http.GetFromJsonAsync<JsonElement>("/v1.0/workflows/dapr/http-2", ct)).GetProperty("runtimeStatus").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/v1.0/workflows/dapr/http-2/resume", null, ct)).StatusCode);
        await h.Dapr.WaitForIdleAsync(ct);
        Assert.Equal("RUNNING", (await http.GetFromJsonAsync<JsonElement>("/v1.0/workflows/dapr/http-2", ct)).GetProperty("runtimeStatus").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/v1.0/workflows/dapr/http-2/terminate", null, ct)).StatusCode);
        await h.Client.WaitForWorkflowCompletionAsync("http-2", cancellation: ct);
        Assert.Equal("TERMINATED", (await http.GetFromJsonAsync<JsonElement>("/v1.0/workflows/dapr/http-2", ct)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Bad_requests_get_daprds_error_codes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkflowHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(h.App.Sidecar.HttpEndpoint) };
        (await http.PostAsync("/v1.0/workflows/dapr/EventWaitWorkflow/start?instanceID=busy", Json("""{"DelayMinutes":0,"TimeoutMinutes":0}"""), ct)).Dispose();

        await AssertError(await http.PostAsync("/v1.0/workflows/dapr/EventWaitWorkflow/start?instanceID=busy", Json("{}"), ct), HttpStatusCode.Conflict, "ERR_START_WORKFLOW");
        await AssertError(await http.PostAsync("/v1.0/workflows/dapr/EventWaitWorkflow/start?instanceID=bad%20id", null, ct), HttpStatusCode.BadRequest, "ERR_INSTANCE_ID_INVALID");
        await AssertError(await http.PostAsync("/v1.0/workflows/other/EventWaitWorkflow/start", null, ct), HttpStatusCode.BadRequest, "ERR_WORKFLOW_COMPONENT_NOT_FOUND");
        await AssertError(await http.PostAsync("/v1.0/workflows/dapr/nobody/raiseEvent/go", null, ct), HttpStatusCode.NotFound, "ERR_INSTANCE_ID_NOT_FOUND");
        await AssertError(await http.PostAsync("/v1.0/workflows/dapr/busy/purge", null, ct), HttpStatusCode.InternalServerError, "ERR_PURGE_WORKFLOW");
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal(errorCode, body.GetProperty("errorCode").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
