namespace CheckIns.Ingest.Parsing;

/// <summary>
/// A request ingest refuses: its status code, a message for the client and, when one field is
/// at fault, that field's name. Nothing of a refused request is published.
/// </summary>
public sealed class IngestRejection : Exception
{
    public IngestRejection(int statusCode, string message, string? field = null)
        : base(message)
    {
        StatusCode = statusCode;
        Field = field;
    }

    public IngestRejection()
        : this(StatusCodes.Status400BadRequest, "Bad request")
    {
    }

    public IngestRejection(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public IngestRejection(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    public int StatusCode { get; }

    public string? Field { get; }

    public static IngestRejection BadRequest(string message, string? field = null) =>
        new(StatusCodes.Status400BadRequest, message, field);

    public static IngestRejection TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, message);
}
