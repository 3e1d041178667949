namespace DaprEmulator.Resources;

/// <summary>A <c>kind: Component</c> document (DAPR.md §4.2).</summary>
public sealed record ComponentResource(
    string Name,
    string Type,
    string Version,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Scopes,
    string SourceFile)
{
    public bool IsPubSub => Type.StartsWith("pubsub.", StringComparison.Ordinal);

    public bool IsStateStore => Type.StartsWith("state.", StringComparison.Ordinal);

    public bool IsSecretStore => Type.StartsWith("secretstores.", StringComparison.Ordinal);

    public bool IsActorStateStore =>
        IsStateStore && Metadata.TryGetValue("actorStateStore", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    public bool InScope(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);

    public string? Meta(string key) => Metadata.TryGetValue(key, out var v) ? v : null;
}
