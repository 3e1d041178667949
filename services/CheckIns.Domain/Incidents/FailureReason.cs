using System.Globalization;
using System.Text;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Incidents;

/// <summary>The failure-reason text of an occurrence (SEMANTICS R119).</summary>
public static class FailureReason
{
    /// <summary>
    /// Counts error, missed and timeout check-ins in order of first appearance. Q12 fixed: a window
    /// with none of them (e.g. in-progress or unknown only) gets a generic sentence instead of " check-ins detected".
    /// </summary>
    public static string Describe(IReadOnlyList<CheckIn> window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Span<CheckInStatus> order = stackalloc CheckInStatus[3];
        Span<int> counts = stackalloc int[3];
        var kinds = 0;
        var total = 0;
        for (var i = 0; i < window.Count; i++)
        {
            var checkIn = window[i];
            if (checkIn.Status is not (CheckInStatus.Error or CheckInStatus.Missed or CheckInStatus.Timeout))
            {
                continue;
            }

            total++;
            var slot = order[..kinds].IndexOf(checkIn.Status);
            if (slot < 0)
            {
                order[kinds] = checkIn.Status;
                slot = kinds++;
            }

            counts[slot]++;
        }

        if (total == 0)
        {
            return "A failed check-in was detected";
        }

        if (total == 1)
        {
            return order[0] switch
            {
                CheckInStatus.Error => "An error check-in was detected",
                CheckInStatus.Missed => "A missed check-in was detected",
                _ => "A timeout check-in was detected",
            };
        }

        var text = new StringBuilder();
        for (var i = 0; i < kinds; i++)
        {
            if (i > 0)
            {
                text.Append(i == kinds - 1 ? " and " : ", ");
            }

            text.Append(counts[i].ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Word(order[i]));
        }

        return text.Append(" check-ins detected").ToString();
    }

    private static string Word(CheckInStatus status) => status switch
    {
        CheckInStatus.Error => "error",
        CheckInStatus.Missed => "missed",
        _ => "timeout",
    };
}
