using System.Text.Json;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Model;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Tests.Turns;

/// <summary>
/// The turn's copies of the bounded windows (recent check-ins, applied message ids) avoid copying
/// what did not change; they must give exactly what a plain list would.
/// </summary>
public sealed class TurnCopyTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CheckInBuffer_Insert_MatchesInsertThenDropOldestFinished()
    {
        var random = new Random(6);
        for (var run = 0; run < 2_000; run++)
        {
            var bound = random.Next(1, 7);
            var initial = Enumerable.Range(0, random.Next(0, bound + 2))
                .Select(_ => NewCheckIn(random))
                .OrderBy(c => c.DateAdded)
                .ToArray();
            var expected = initial.ToList();
            var buffer = new CheckInBuffer(initial, random.Next(0, bound + 3));
            for (var step = 0; step < 8; step++)
            {
                var checkIn = NewCheckIn(random);
                ReferenceInsert(expected, checkIn, bound);
                buffer.Insert(checkIn, bound);
                Assert.Equal(expected, buffer);
            }

            Assert.Equal(expected, buffer.Freeze());
        }
    }

    [Fact]
    public void AppliedIdWindow_OverManyTurns_KeepsTheLastIdsInOrder()
    {
        var random = new Random(6);
        foreach (var window in new[] { 3, 64, 65, 256 })
        {
            var expected = new List<string>();
            IReadOnlyList<string> ids = [];
            for (var turn = 0; turn < 600; turn++)
            {
                var added = Enumerable.Range(0, random.Next(0, 5)).Select(i => $"m-{turn}-{i}").ToList();
                expected.AddRange(added);
                expected.RemoveRange(0, Math.Max(0, expected.Count - window));
                ids = AppliedIdWindow.Append(ids, added, Math.Min(ids.Count + added.Count, window));
                Assert.Equal(expected, ids);
                Assert.Equal(expected.Count, ids.Count);
            }
        }
    }

    [Fact]
    public void StateWithFullIdWindow_SerialisesAsAPlainArray_AndReadsBack()
    {
        var engine = new MonitorEngine();
        var state = MonitorState.Empty(1, "job");
        for (var i = 0; i < 300; i++)
        {
            var payload = JsonDocument.Parse("""{"check_in_id":"00000000000000000000000000000000","status":"ok","monitor_slug":"job"}""").RootElement;
            state = engine.Apply(state, [new CheckInInput($"m-{i}", 1, null, "job", T0.AddMinutes(i), payload)]).State!;
        }

        Assert.Equal(Enumerable.Range(44, 256).Select(i => $"m-{i}"), state.AppliedMessageIds);
        var json = JsonSerializer.Serialize(state);
        using var document = JsonDocument.Parse(json);
        var stored = document.RootElement.GetProperty(nameof(MonitorState.AppliedMessageIds));
        Assert.Equal(JsonValueKind.Array, stored.ValueKind);
        Assert.Equal(state.AppliedMessageIds, stored.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(state.AppliedMessageIds, JsonSerializer.Deserialize<MonitorState>(json)!.AppliedMessageIds);
    }

    private static CheckIn NewCheckIn(Random random)
    {
        var at = T0.AddMinutes(random.Next(0, 6));
        return new CheckIn
        {
            Id = Guid.NewGuid(),
            Status = random.Next(3) == 0 ? CheckInStatus.InProgress : CheckInStatus.Ok,
            DateAdded = at,
            DateUpdated = at,
            DateClock = at,
        };
    }

    /// <summary>The window's rule in its plainest form: insert after equal date_added, then drop while over the bound.</summary>
    private static void ReferenceInsert(List<CheckIn> list, CheckIn checkIn, int bound)
    {
        var index = list.Count;
        while (index > 0 && list[index - 1].DateAdded > checkIn.DateAdded)
        {
            index--;
        }

        list.Insert(index, checkIn);
        while (list.Count > bound)
        {
            var dropped = list.FindIndex(c => c.Status != CheckInStatus.InProgress);
            list.RemoveAt(dropped < 0 ? 0 : dropped);
        }
    }
}
