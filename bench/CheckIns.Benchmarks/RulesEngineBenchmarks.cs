using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Model;
using CheckIns.Domain.Schedules;

namespace CheckIns.Benchmarks;

/// <summary>
/// The rules engine on one core. The baseline is deserialising the same check-in message, measured in the
/// same run, so the ratio column says how many message reads one engine step costs.
/// </summary>
[MemoryDiagnoser]
public class RulesEngineBenchmarks
{
    private const int GroupSize = 100;
    private const int HistorySize = 300;

    private readonly MonitorEngine _engine = new();
    private MonitorState _healthy = null!;
    private MonitorState _failing = null!;
    private MonitorState _busy = null!;
    private byte[] _messageBytes = null!;
    private CheckInInput[] _ok = null!;
    private CheckInInput[] _error = null!;
    private CheckInInput[] _errorAgain = null!;
    private CheckInInput[] _inProgressThenOk = null!;
    private CheckInInput[] _group = null!;
    private CheckInInput[] _okBusy = null!;
    private MonitorConfig _config = null!;
    private DateTimeOffset[] _references = null!;

    [GlobalSetup]
    public void Setup()
    {
        _healthy = CheckInFixtures.HealthyMonitor(_engine);
        var next = CheckInFixtures.Start.AddHours(1);
        _ok = [CheckInFixtures.Input("m-ok", CheckInFixtures.NewCheckInId(), "ok", next)];
        _error = [CheckInFixtures.Input("m-error", CheckInFixtures.NewCheckInId(), "error", next)];

        var runId = CheckInFixtures.NewCheckInId();
        _inProgressThenOk =
        [
            CheckInFixtures.Input("m-start", runId, "in_progress", next),
            CheckInFixtures.Input("m-finish", runId, "ok", next.AddMinutes(3)),
        ];

        // One check-in an hour, as the schedule expects: no rate limit applies, and the group crosses the DST change.
        _group = Enumerable.Range(1, GroupSize)
            .Select(i => CheckInFixtures.Input($"m-group-{i}", CheckInFixtures.NewCheckInId(), "ok", CheckInFixtures.Start.AddHours(i)))
            .ToArray();

        // A second failure is a new run of the job: its own check-in id, an hour later.
        _errorAgain = [CheckInFixtures.Input("m-error-2", CheckInFixtures.NewCheckInId(), "error", next.AddHours(1))];
        _failing = _engine.Apply(_healthy, _error).State!;
        _messageBytes = CheckInFixtures.MessageBytes(_ok[0]);

        // A monitor that has run for a while: its windows of recent check-ins and applied message ids are full.
        var history = Enumerable.Range(1, HistorySize)
            .Select(i => CheckInFixtures.Input($"m-history-{i}", CheckInFixtures.NewCheckInId(), "ok", CheckInFixtures.Start.AddHours(i)))
            .ToArray();
        _busy = _engine.Apply(_healthy, history).State!;
        _okBusy = [CheckInFixtures.Input("m-ok-busy", CheckInFixtures.NewCheckInId(), "ok", CheckInFixtures.Start.AddHours(HistorySize + 1))];
        RequireFullWindows(_busy);

        // The group's ingest times: each asks for a different slot (no answer can be reused), across the DST change.
        _config = _healthy.Monitor!.Config;
        _references = [.. _group.Select(input => input.ReceivedAt)];
        RequireNextIsAfter();

        Require(_engine.Apply(_healthy, _ok), "ok");
        Require(_engine.Apply(_healthy, _error), "error");
        Require(_engine.Apply(_healthy, _inProgressThenOk), "in_progress then ok");
        Require(_engine.Apply(_healthy, _group), "group");
        Require(_engine.Apply(_failing, _errorAgain), "error while failing");
        Require(_engine.Apply(_busy, _okBusy), "ok with full windows");
    }

    [Benchmark(Baseline = true, Description = "deserialise the check-in message")]
    public CheckInMessage? Deserialise() =>
        JsonSerializer.Deserialize(_messageBytes, ContractsJsonContext.Default.CheckInMessage);

    [Benchmark(Description = "apply OK")]
    public TurnResult ApplyOk() => _engine.Apply(_healthy, _ok);

    [Benchmark(Description = "apply OK, full windows (50 check-ins, 256 ids)")]
    public TurnResult ApplyOkWithFullWindows() => _engine.Apply(_busy, _okBusy);

    [Benchmark(Description = "apply ERROR (opens an incident)")]
    public TurnResult ApplyErrorOpeningIncident() => _engine.Apply(_healthy, _error);

    [Benchmark(Description = "apply ERROR (incident already open)")]
    public TurnResult ApplyErrorWhileFailing() => _engine.Apply(_failing, _errorAgain);

    [Benchmark(Description = "apply in_progress then OK", OperationsPerInvoke = 2)]
    public TurnResult ApplyInProgressThenOk() => _engine.Apply(_healthy, _inProgressThenOk);

    [Benchmark(Description = "apply a group of 100 OK in one turn", OperationsPerInvoke = GroupSize)]
    public TurnResult ApplyGroup() => _engine.Apply(_healthy, _group);

    [Benchmark(Description = "next schedule time (crontab in Europe/Berlin)", OperationsPerInvoke = GroupSize)]
    public DateTimeOffset NextScheduleTime()
    {
        var last = default(DateTimeOffset);
        foreach (var reference in _references)
        {
            last = ScheduleMath.Next(_config, reference);
        }

        return last;
    }

    private void RequireNextIsAfter()
    {
        foreach (var reference in _references)
        {
            var next = ScheduleMath.Next(_config, reference);
            if (next <= reference || next - reference > TimeSpan.FromHours(1))
            {
                throw new InvalidOperationException($"the next schedule time after {reference:O} is {next:O}, not within the next hour");
            }
        }
    }

    private void RequireFullWindows(MonitorState state)
    {
        var options = _engine.Options;
        if (state.Environments[0].CheckIns.Count != options.RecentCheckInsPerEnvironment
            || state.AppliedMessageIds.Count != options.AppliedMessageIdWindow)
        {
            throw new InvalidOperationException("the busy monitor's windows are not full");
        }
    }

    private static void Require(TurnResult result, string what)
    {
        foreach (var outcome in result.Outcomes)
        {
            if (outcome.Kind != CheckInOutcomeKind.Applied)
            {
                throw new InvalidOperationException($"benchmark input '{what}' was not applied: {outcome.Error}");
            }
        }
    }
}
