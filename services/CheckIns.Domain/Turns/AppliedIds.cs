namespace CheckIns.Domain.Turns;

/// <summary>
/// The message ids a turn has seen: the state's remembered window and the ids the turn adds. The window is
/// trimmed once, when the turn is frozen; within a turn every id stays visible.
/// </summary>
internal sealed class AppliedIds
{
    /// <summary>Up to this many check-ins a turn scans the remembered ids instead of building the filter.</summary>
    private const int ScanLimit = 8;

    private const int FilterWords = 128;
    private const uint FilterMask = FilterWords - 1;

    [ThreadStatic]
    private static ulong[]? t_filter;

    private readonly IReadOnlyList<string> _previous;
    private readonly List<string> _added;
    private readonly bool _usesFilter;
    private bool _filterReady;

    /// <param name="previous">The state's remembered ids; never changed.</param>
    /// <param name="inputs">How many check-ins the turn applies.</param>
    public AppliedIds(IReadOnlyList<string> previous, int inputs)
    {
        _previous = previous;
        _added = new List<string>(inputs);
        _usesFilter = inputs > ScanLimit;
    }

    /// <summary>
    /// Whether the message id was applied before. In a turn of many check-ins, a bit filter over the ids'
    /// hashes (a reused per-thread buffer) answers "new" for almost every message without scanning or
    /// allocating, and a hit is confirmed by comparing the ids. A turn of a few check-ins compares them
    /// directly: hashing every remembered id to build the filter costs more than the few scans it saves.
    /// </summary>
    public bool Contains(string messageId)
    {
        if (_usesFilter)
        {
            if (!_filterReady)
            {
                BuildFilter();
            }

            var hash = (uint)messageId.GetHashCode(StringComparison.Ordinal);
            if ((t_filter![(hash >> 6) & FilterMask] & (1UL << (int)(hash & 63))) == 0)
            {
                return false;
            }
        }

        for (var i = 0; i < _previous.Count; i++)
        {
            if (string.Equals(_previous[i], messageId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        for (var i = 0; i < _added.Count; i++)
        {
            if (string.Equals(_added[i], messageId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(string messageId)
    {
        _added.Add(messageId);
        if (!_usesFilter)
        {
            return;
        }

        if (!_filterReady)
        {
            BuildFilter();
        }

        AddToFilter(messageId);
    }

    /// <summary>The newest <paramref name="window"/> ids, sharing the older part with the state's list.</summary>
    public IReadOnlyList<string> Freeze(int window)
    {
        var keep = Math.Min(_previous.Count + _added.Count, Math.Max(0, window));
        return AppliedIdWindow.Append(_previous, _added, keep);
    }

    private void BuildFilter()
    {
        t_filter ??= new ulong[FilterWords];
        Array.Clear(t_filter);
        for (var i = 0; i < _previous.Count; i++)
        {
            AddToFilter(_previous[i]);
        }

        for (var i = 0; i < _added.Count; i++)
        {
            AddToFilter(_added[i]);
        }

        _filterReady = true;
    }

    private static void AddToFilter(string id)
    {
        var hash = (uint)id.GetHashCode(StringComparison.Ordinal);
        t_filter![(hash >> 6) & FilterMask] |= 1UL << (int)(hash & 63);
    }
}
