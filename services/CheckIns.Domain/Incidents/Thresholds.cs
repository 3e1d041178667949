using CheckIns.Domain.Model;

namespace CheckIns.Domain.Incidents;

/// <summary>R70, R78: a null, missing or 0 threshold means 1.</summary>
internal static class Thresholds
{
    public static int Failure(MonitorConfig config) => config.FailureIssueThreshold is > 0 and int n ? n : 1;

    public static int Recovery(MonitorConfig config) => config.RecoveryThreshold is > 0 and int n ? n : 1;
}
