using System.Text.Json;
using CheckIns.Ingest.Tests.Infrastructure;

namespace CheckIns.Ingest.Tests;

/// <summary>The OpenAPI document behind the Scalar page explains every ingest route by itself.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_description_and_an_example_of_what_to_send_or_what_comes_back()
    {
        var operations = await OperationsAsync();

        Assert.Equal(14, operations.Count);
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), name);
            Assert.True(HasExample(operation), $"{name} has no example");
        }
    }

    [Fact]
    public async Task Query_parameters_read_by_hand_are_named_with_examples_and_bodies_have_examples()
    {
        var operations = await OperationsAsync();

        var cronitor = operations["CronitorTelemetry"];
        var parameters = cronitor.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("example").GetString());
        Assert.Equal("run", parameters["state"]);
        Assert.Equal("duration:67.75", parameters["metric"]);
        Assert.Contains("series", parameters.Keys);

        var native = operations["PostCheckIns"];
        var example = native.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("nightly-report", example.GetProperty("monitor_slug").GetString());
        Assert.True(native.GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        Assert.Equal("not found", operations["PingByUuid"].GetProperty("responses").GetProperty("404").GetProperty("content").GetProperty("text/plain").GetProperty("example").GetString());
    }

    private static bool HasExample(JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var p) && p.EnumerateArray().Any(x => x.TryGetProperty("example", out _));
        var bodies = operation.TryGetProperty("requestBody", out var body)
            && body.GetProperty("content").EnumerateObject().Any(c => c.Value.TryGetProperty("example", out _));
        var responses = operation.GetProperty("responses").EnumerateObject()
            .Any(r => r.Value.TryGetProperty("content", out var c) && c.EnumerateObject().Any(x => x.Value.TryGetProperty("example", out _)));
        return parameters || bodies || responses;
    }

    private static async Task<Dictionary<string, JsonElement>> OperationsAsync()
    {
        await using var app = new IngestAppFactory();
        var json = await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var document = JsonDocument.Parse(json).RootElement.Clone();
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _)))
            .GroupBy(o => o.Value.GetProperty("operationId").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().Value);
    }
}
