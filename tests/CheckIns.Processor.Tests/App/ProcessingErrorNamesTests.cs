using CheckIns.Domain.Errors;
using CheckIns.Processor.Apis;

namespace CheckIns.Processor.Tests.App;

/// <summary>The read API names processing errors exactly as SEMANTICS R7 does; the codes are persisted, the names are read by users.</summary>
public sealed class ProcessingErrorNamesTests
{
    [Theory]
    [InlineData(0, "CHECKIN_ENVIRONMENT_MISMATCH")]
    [InlineData(1, "CHECKIN_FINISHED")]
    [InlineData(2, "CHECKIN_GUID_PROJECT_MISMATCH")]
    [InlineData(3, "CHECKIN_INVALID_DURATION")]
    [InlineData(4, "CHECKIN_INVALID_GUID")]
    [InlineData(5, "CHECKIN_VALIDATION_FAILED")]
    [InlineData(6, "MONITOR_DISABLED")]
    [InlineData(7, "MONITOR_DISABLED_NO_QUOTA")]
    [InlineData(8, "MONITOR_INVALID_CONFIG")]
    [InlineData(9, "MONITOR_INVALID_ENVIRONMENT")]
    [InlineData(10, "MONITOR_LIMIT_EXCEEDED")]
    [InlineData(11, "MONITOR_NOT_FOUND")]
    [InlineData(12, "MONITOR_OVER_QUOTA")]
    [InlineData(13, "MONITOR_ENVIRONMENT_LIMIT_EXCEEDED")]
    [InlineData(14, "MONITOR_ENVIRONMENT_RATELIMITED")]
    [InlineData(15, "ORGANIZATION_KILLSWITCH_ENABLED")]
    [InlineData(16, "MONITOR_INVALID_OWNER")]
    public void ErrorName_MatchesR7_ForEveryCode(int code, string name) =>
        Assert.Equal(name, MonitorViewMapper.ErrorName((ProcessingErrorType)code));

    [Fact]
    public void ErrorName_CoversEveryDefinedCode() =>
        Assert.All(Enum.GetValues<ProcessingErrorType>(), type => Assert.False(string.IsNullOrEmpty(MonitorViewMapper.ErrorName(type))));
}
