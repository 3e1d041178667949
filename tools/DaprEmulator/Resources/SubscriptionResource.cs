namespace DaprEmulator.Resources;

/// <summary>A <c>kind: Subscription</c> document (DAPR.md §4.4), v1alpha1 or v2alpha1.</summary>
public sealed record SubscriptionResource(
    string Name,
    string PubsubName,
    string Topic,
    string? DefaultRoute,
    IReadOnlyList<(string Match, string Path)> Rules,
    string? DeadLetterTopic,
    bool BulkEnabled,
    int? MaxMessagesCount,
    int? MaxAwaitDurationMs,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Scopes)
{
    public bool InScope(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);
}
