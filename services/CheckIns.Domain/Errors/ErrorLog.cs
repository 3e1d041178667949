using CheckIns.Contracts;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Errors;

/// <summary>
/// Keeps the most recent processing errors (SEMANTICS R105): ordered by ingest time, at most N, none
/// older than the lifetime measured against the newest ingest time seen.
/// </summary>
internal static class ErrorLog
{
    public static ProcessingErrorRecord Record(Turn turn, CheckInInput input, IReadOnlyList<ProcessingError> errors)
    {
        var record = new ProcessingErrorRecord
        {
            Id = DeterministicIds.ErrorRecordId(input.MessageId),
            MessageId = input.MessageId,
            ReceivedAt = input.ReceivedAt,
            Payload = input.Payload.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : input.Payload.Clone(),
            Errors = errors,
        };

        var list = turn.MutableErrors;
        var index = list.Count;
        while (index > 0 && list[index - 1].ReceivedAt > record.ReceivedAt)
        {
            index--;
        }

        list.Insert(index, record);
        Prune(turn);
        turn.MarkChanged();
        return record;
    }

    public static void Prune(Turn turn)
    {
        // Read through the turn's view: the list is copied only when something is pruned.
        var view = turn.Errors;
        if (turn.LastReceivedAt is { } newest)
        {
            var cutoff = newest - turn.Options.ProcessingErrorLifetime;
            var expired = 0;
            while (expired < view.Count && view[expired].ReceivedAt < cutoff)
            {
                expired++;
            }

            if (expired > 0)
            {
                turn.MutableErrors.RemoveRange(0, expired);
                turn.MarkChanged();
            }
        }

        var excess = turn.Errors.Count - turn.Options.ProcessingErrorsKept;
        if (excess > 0)
        {
            turn.MutableErrors.RemoveRange(0, excess);
        }
    }
}
