using System.Collections;

namespace CheckIns.Domain.Turns;

/// <summary>
/// The applied message ids of a frozen state: an older part shared with the state it came from and a
/// short newer part. A turn that adds a few ids to a full window then copies only the newer part instead
/// of all the ids; every few turns the window is flattened into one array again.
/// </summary>
internal sealed class AppliedIdWindow : IReadOnlyList<string>
{
    /// <summary>How long the newer part may grow before the window is flattened; a window this short or up to twice as long is always one array.</summary>
    private const int NewerLimit = 32;

    private readonly IReadOnlyList<string> _older;
    private readonly int _skip;
    private readonly string[] _newer;

    private AppliedIdWindow(IReadOnlyList<string> older, int skip, string[] newer)
    {
        _older = older;
        _skip = skip;
        _newer = newer;
    }

    public int Count => _older.Count - _skip + _newer.Length;

    public string this[int index]
    {
        get
        {
            var olderCount = _older.Count - _skip;
            return index < olderCount ? _older[_skip + index] : _newer[index - olderCount];
        }
    }

    /// <summary>The last <paramref name="keep"/> of <paramref name="previous"/> followed by <paramref name="added"/>.</summary>
    public static IReadOnlyList<string> Append(IReadOnlyList<string> previous, List<string> added, int keep)
    {
        var total = previous.Count + added.Count;
        if (added.Count == 0 && keep == previous.Count)
        {
            return previous;
        }

        var (older, skip, newer) = previous is AppliedIdWindow window
            ? (window._older, window._skip, window._newer)
            : (previous, 0, []);
        var dropped = total - keep;
        var olderKept = older.Count - skip - dropped;
        if (keep <= 2 * NewerLimit || olderKept <= 0 || newer.Length + added.Count > NewerLimit)
        {
            return Flatten(previous, added, dropped, keep);
        }

        var joined = new string[newer.Length + added.Count];
        newer.CopyTo(joined, 0);
        added.CopyTo(joined, newer.Length);
        return new AppliedIdWindow(older, skip + dropped, joined);
    }

    private static string[] Flatten(IReadOnlyList<string> previous, List<string> added, int dropped, int keep)
    {
        var ids = new string[keep];
        for (var i = 0; i < keep; i++)
        {
            var at = dropped + i;
            ids[i] = at < previous.Count ? previous[at] : added[at - previous.Count];
        }

        return ids;
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
