using System.Text.Json;
using CheckIns.Contracts;

namespace CheckIns.Ingest.Tests.Infrastructure;

public static class Published
{
    /// <summary>Asserts the payload is the sent check-in, key for key (ingest adds the nil id only when none was sent).</summary>
    public static void PayloadEquals(string expectedJson, CheckInMessage message)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(
            JsonElement.DeepEquals(expected.RootElement, message.Payload),
            $"expected {expectedJson}\nactual   {message.Payload.GetRawText()}");
    }

    public static string Property(this CheckInMessage message, string name) =>
        message.Payload.GetProperty(name).ToString();

    /// <summary>The message as the processor will read it: snake_case JSON through the contracts' context.</summary>
    public static CheckInMessage RoundTrip(CheckInMessage message) =>
        JsonSerializer.Deserialize(
            JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.CheckInMessage),
            ContractsJsonContext.Default.CheckInMessage)!;
}
