namespace CheckIns.Domain.Config;

/// <summary>Field → messages, as Sentry's validators report them (SEMANTICS R33, R107–R112).</summary>
internal sealed class ConfigErrors
{
    private Dictionary<string, List<string>>? _errors;

    public bool Any => _errors is { Count: > 0 };

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToMap()
    {
        var map = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (_errors is not null)
        {
            foreach (var (field, messages) in _errors)
            {
                map[field] = messages.ToArray();
            }
        }

        return map;
    }

    public static string AtLeast(long min) => $"Ensure this value is greater than or equal to {min}.";

    public static string AtMost(long max) => $"Ensure this value is less than or equal to {max}.";

    public const string NotAnInteger = "A valid integer is required.";
    public const string Required = "This field is required.";
}
