namespace CheckIns.Processor.Subscriptions;

/// <summary>The per-entry answer to Dapr, as its bulk subscribe protocol spells it.</summary>
public static class EntryStatus
{
    /// <summary>The check-in is durably in its workflow: applied (or rejected with a recorded processing error, or a duplicate); its events follow.</summary>
    public const string Success = "SUCCESS";

    /// <summary>Its workflow could not be scheduled or did not apply it, or one before it of its monitor did not; Dapr delivers it again.</summary>
    public const string Retry = "RETRY";

    /// <summary>The message can never be read; Dapr moves it to the dead-letter topic.</summary>
    public const string Drop = "DROP";
}
