namespace CheckIns.Dashboard.Reading;

/// <summary>An app the dashboard reads from did not answer, or answered with a server error: the page says which.</summary>
public sealed class AppUnavailableException : Exception
{
    public AppUnavailableException()
    {
        AppId = "";
    }

    public AppUnavailableException(string message)
        : base(message)
    {
        AppId = "";
    }

    public AppUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        AppId = "";
    }

    public AppUnavailableException(string appId, string message, Exception? innerException)
        : base(message, innerException)
    {
        AppId = appId;
    }

    public string AppId { get; }
}
