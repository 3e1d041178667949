namespace CheckIns.Ingest.Parsing;

/// <summary>
/// A request ingest refuses: its status code, a message for the client and, when one field is
/// at fault, that field's name. Nothing of a refused request is published.
/// </summary>
public sealed class IngestRejectedException : Exception
{
    public IngestRejectedException(int statusCode, string message, string? field = null)
        : base(message)
    {
        StatusCode = statusCode;
        Field = field;
    }

    public IngestRejectedException()
        : this(StatusCodes.Status400BadRequest, "Bad request")
    {
    }

    public IngestRejectedException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public IngestRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    public int StatusCode { get; }

    public string? Field { get; }

    public static IngestRejectedException BadRequest(string message, string? field = null) =>
        new(StatusCodes.Status400BadRequest, message, field);

    public static IngestRejectedException TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, message);
}
