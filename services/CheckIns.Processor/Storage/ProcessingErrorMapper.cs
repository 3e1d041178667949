using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Storage;

/// <summary>A stored processing-error record and its errors, to and from the model.</summary>
public static class ProcessingErrorMapper
{
    public static ProcessingErrorRecordV1 ToStored(ProcessingErrorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ProcessingErrorRecordV1
        {
            Id = record.Id,
            MessageId = record.MessageId,
            ReceivedAt = record.ReceivedAt,
            Payload = record.Payload,
            Errors = [.. record.Errors.Select(ToStored)],
        };
    }

    public static ProcessingErrorRecord ToModel(ProcessingErrorRecordV1 record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ProcessingErrorRecord
        {
            Id = record.Id,
            MessageId = record.MessageId,
            ReceivedAt = record.ReceivedAt,
            Payload = record.Payload,
            Errors = [.. (record.Errors ?? []).Select(ToModel)],
        };
    }

    private static ProcessingErrorV1 ToStored(ProcessingError error) => new()
    {
        Type = (int)error.Type,
        ExistingEnvironment = error.ExistingEnvironment,
        Guid = error.Guid,
        Duration = error.Duration,
        Errors = Copy(error.Errors),
        Reason = error.Reason,
    };

    private static ProcessingError ToModel(ProcessingErrorV1 error) => new((ProcessingErrorType)error.Type)
    {
        ExistingEnvironment = error.ExistingEnvironment,
        Guid = error.Guid,
        Duration = error.Duration,
        Errors = Copy(error.Errors),
        Reason = error.Reason,
    };

    // Insertion order is kept: it is the order the errors were raised, and the order they are shown in.
    private static Dictionary<string, IReadOnlyList<string>>? Copy(IReadOnlyDictionary<string, IReadOnlyList<string>>? errors) =>
        errors?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal);
}
