namespace CheckIns.Processor.Subscriptions;

/// <summary>The per-entry answer to Dapr, as its bulk subscribe protocol spells it.</summary>
public static class EntryStatus
{
    /// <summary>Applied, rejected with a recorded processing error, or a duplicate of an applied message.</summary>
    public const string Success = "SUCCESS";

    /// <summary>The monitor's turn failed and committed nothing; Dapr delivers the entry again.</summary>
    public const string Retry = "RETRY";

    /// <summary>The message can never be read; Dapr moves it to the dead-letter topic.</summary>
    public const string Drop = "DROP";
}
