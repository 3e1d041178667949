namespace DaprEmulator.Core;

/// <summary>What an app answered to a call the sidecar made on its behalf.</summary>
public sealed record AppResponse(int StatusCode, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string[]>> Headers)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
