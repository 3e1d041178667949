namespace CheckIns.Domain.Model;

/// <summary>Units of an interval schedule (SEMANTICS R109).</summary>
public enum IntervalUnit
{
    Minute = 0,
    Hour = 1,
    Day = 2,
    Week = 3,
    Month = 4,
    Year = 5,
}
